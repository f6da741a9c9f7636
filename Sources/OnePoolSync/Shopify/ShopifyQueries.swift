/// The Admin GraphQL documents OnePool sends (API version 2026-04). Each names the shopify.dev
/// reference it follows; the emulator in Tests/ShopifyEmulator answers the same shapes.
enum ShopifyQueries {
    /// Orders updated since a time, oldest update first: `orders(first, after, query:
    /// "updated_at:>='…'", sortKey: UPDATED_AT)` with `pageInfo { hasNextPage endCursor }`
    /// (QueryRoot.orders, OrderConnection, PageInfo). Line items: `sku`, `quantity` (as ordered),
    /// `currentQuantity` (after edits and refunds), `unfulfilledQuantity`, and
    /// `originalUnitPriceSet.shopMoney.amount` (LineItem, MoneyBag). Returns: `Order.refunds(first)`
    /// → Refund { id legacyResourceId createdAt note refundLineItems(first) { nodes { lineItem { id }
    /// quantity restockType } } } (Refund, RefundLineItem; RefundLineItemRestockType RETURN: "the
    /// refund line item was returned", the only kind that brings units back). 8 orders × (25
    /// lines + 3 refunds × 5 lines) keeps the requested cost (2 + 8 × (3 + 25 × 3 + 3 × 11) = 890)
    /// under the 1,000-point single-query limit; an order with more lines has the rest read by
    /// `ShopifyOrderLinePages` from `endCursor`.
    static let orders = """
        query OnePoolOrders($first: Int!, $after: String, $query: String) {
          orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id legacyResourceId name createdAt updatedAt cancelledAt displayFinancialStatus
              lineItems(first: 25) {
                pageInfo { hasNextPage endCursor }
                nodes {
                  id sku quantity currentQuantity unfulfilledQuantity originalUnitPriceSet { shopMoney { amount } }
                }
              }
              refunds(first: 3) {
                id legacyResourceId createdAt note
                refundLineItems(first: 5) { nodes { lineItem { id } quantity restockType } }
              }
            }
          }
        }
        """
    static let ordersPageSize = 8
    /// Line items read with each order (`lineItems(first: 25)` above); the rest by pages.
    static let orderLinesFirstPage = 25
    static let ordersEstimatedCost = 2.0 + 8 * (3 + 25 * 3 + 3 * 11)

    /// Every variant with its SKU, inventory item and `available` at one location:
    /// `productVariants(first, after)` → ProductVariant.inventoryItem → InventoryItem.inventoryLevel(locationId)
    /// → InventoryLevel.quantities(names: ["available"]) (InventoryQuantity {name quantity}).
    static let catalogue = """
        query OnePoolCatalogue($first: Int!, $after: String, $location: ID!) {
          productVariants(first: $first, after: $after) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id sku displayName
              inventoryItem {
                id tracked
                inventoryLevel(locationId: $location) { quantities(names: ["available"]) { name quantity } }
              }
            }
          }
        }
        """
    static let cataloguePageSize = 100
    /// The most catalogue pages one reading takes (a catalogue beyond is read in bulk).
    static let cataloguePagesMost = 1000
    static let catalogueEstimatedCost = 2.0 + 100 * 4

    /// The `available` quantity of some inventory items at one location: `nodes(ids:)` with the
    /// InventoryItem fragment.
    static let levels = """
        query OnePoolLevels($ids: [ID!]!, $location: ID!) {
          nodes(ids: $ids) {
            ... on InventoryItem {
              id
              inventoryLevel(locationId: $location) { quantities(names: ["available"]) { name quantity } }
            }
          }
        }
        """
    static let levelsBatch = 100

    /// Absolute quantities with compare-and-set: from 2026-04 every quantity carries
    /// `changeFromQuantity` (null opts out; OnePool never sends null) and the mutation needs the
    /// `@idempotent(key:)` directive (changelogs "Improved compare and swap inventory updates for
    /// inventorySetQuantities" and "Making idempotency mandatory for inventory adjustments").
    /// A stale quantity answers userErrors code CHANGE_FROM_QUANTITY_STALE with field
    /// ["input", "quantities", "<index>", "changeFromQuantity"] and sets nothing.
    static let setQuantities = """
        mutation OnePoolSetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
          inventorySetQuantities(input: $input) @idempotent(key: $key) {
            inventoryAdjustmentGroup { createdAt reason changes { name delta quantityAfterChange } }
            userErrors { code field message }
          }
        }
        """
    static let setQuantitiesBatch = 250

    /// What `connect --check` needs: granted scopes (AppInstallation.accessScopes), the shop,
    /// and the connected location (`location(id:)`; without an id, the shop's primary location).
    static let check = """
        query OnePoolCheck($location: ID) {
          shop { name myshopifyDomain }
          currentAppInstallation { accessScopes { handle } }
          location(id: $location) { id name isActive }
        }
        """

    /// Active locations by name, for `connect --location NAME`.
    static let locations = """
        query OnePoolLocations {
          locations(first: 100) { nodes { id name isActive } }
        }
        """
}
