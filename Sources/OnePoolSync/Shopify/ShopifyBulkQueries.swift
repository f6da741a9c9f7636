/// The documents of a bulk catalogue export (shopify.dev "Perform bulk operations with the
/// GraphQL Admin API", the guide every handler here follows).
enum ShopifyBulkQueries {
    /// The query run in bulk: every variant with its SKU and inventory item, and the
    /// `available` quantity of each of the item's inventory levels — every location that stocks
    /// it, the connected one among them. Two connections (productVariants, inventoryLevels), two
    /// levels deep: within a bulk query's limits (bulkOperationRunQuery: "up to five
    /// connections with a maximum nesting depth of two levels"); no variables, connections as
    /// `edges { node }`. The JSONL has a line per variant (its inventoryItem, an object, stays
    /// on it) and a line per inventory level: "each connection object is its own line, and a
    /// nested one carries `__parentId`, the id of the object it belongs to" (shopify.dev
    /// "Perform bulk operations with the GraphQL Admin API", Download result data). The same
    /// document serves every location: which level counts is the reader's choice
    /// (`ShopifyBulkReader`), so an export left running by another process of the app can be
    /// taken over whatever location its connection names.
    static let catalogue = """
        {
          productVariants {
            edges {
              node {
                id sku displayName
                inventoryItem {
                  id tracked
                  inventoryLevels {
                    edges { node { location { id } quantities(names: ["available"]) { name quantity } } }
                  }
                }
              }
            }
          }
        }
        """

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

    /// The number of variants, counted up to `limit`: QueryRoot.productVariantsCount(limit:)
    /// → Count { count precision }. Without `limit` Shopify stops at 10,000 (precision
    /// AT_LEAST); `limit` is "the upper bound on count value before returning a result" (null:
    /// none) — shopify.dev productVariantsCount, 2025-10 onwards. OnePool asks up to its bulk
    /// threshold: whether the catalogue reaches it is all it needs, and the count stops there.
    static let count = """
        query OnePoolVariantCount($limit: Int) {
          productVariantsCount(limit: $limit) { count precision }
        }
        """
}
