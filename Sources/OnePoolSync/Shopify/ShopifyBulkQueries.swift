/// The documents of a bulk catalogue export (shopify.dev "Perform bulk operations with the
/// GraphQL Admin API", the guide every handler here follows).
enum ShopifyBulkQueries {
    /// The query run in bulk: every variant with its SKU, inventory item and `available` at the
    /// connection's location — the fields of `ShopifyQueries.catalogue`, as a bulk query takes
    /// them (no variables, so the location is written in; connections as `edges { node }`).
    /// One connection, so the export holds one JSONL line a variant; a line carrying
    /// `__parentId` would be a child of a nested connection (read by `ShopifyBulkReader`).
    static func catalogue(location: String) -> String {
        """
        {
          productVariants {
            edges {
              node {
                id sku displayName
                inventoryItem {
                  id tracked
                  inventoryLevel(locationId: "\(location)") { quantities(names: ["available"]) { name quantity } }
                }
              }
            }
          }
        }
        """
    }

    /// Mutation bulkOperationRunQuery(query:, groupObjects:) → BulkOperationRunQueryPayload
    /// { bulkOperation { id status } userErrors { field message code } } (BulkOperationUserError,
    /// codes INVALID, LIMIT_REACHED, OPERATION_IN_PROGRESS). `groupObjects: false` is the
    /// default from 2026-01 (changelog "Bulk operations group objects default changed to
    /// false"); it is said anyway. The mutation costs 10 points.
    static let run = """
        mutation OnePoolBulkRun($query: String!) {
          bulkOperationRunQuery(query: $query, groupObjects: false) {
            bulkOperation { id status }
            userErrors { field message code }
          }
        }
        """

    /// The operation by id, polled until it ends: QueryRoot.node(id:) on BulkOperation { id
    /// status errorCode objectCount fileSize url partialDataUrl } (BulkOperationStatus CREATED,
    /// RUNNING, COMPLETED, CANCELING, CANCELED, FAILED, EXPIRED; `url` null when the export is
    /// empty).
    static let poll = """
        query OnePoolBulkPoll($id: ID!) {
          node(id: $id) {
            ... on BulkOperation { id status errorCode objectCount fileSize url partialDataUrl }
          }
        }
        """

    /// The app's newest bulk query (QueryRoot.currentBulkOperation(type: QUERY)), asked when
    /// Shopify answers OPERATION_IN_PROGRESS: one left running by a process that died is taken
    /// over when it is this same export.
    static let current = """
        query OnePoolBulkCurrent {
          currentBulkOperation(type: QUERY) { id status query }
        }
        """

    /// The number of variants (QueryRoot.productVariantsCount → Count { count precision }),
    /// to choose between paging and a bulk export. Counts stop at 10,000 (precision AT_LEAST),
    /// above any threshold OnePool uses.
    static let count = """
        query OnePoolVariantCount {
          productVariantsCount { count precision }
        }
        """
}
