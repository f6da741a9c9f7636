/// A row as runs of same-role cells, for a terminal backend: what it draws with one style
/// change and one write. Read from the packed cells, so no `Cell` (two `String`s) is made for
/// each of a frame's 12,000 cells.
extension Screen {
    /// Calls `body` for each run of cells of one role in row `y`, left to right, with the run's
    /// first column, its role and the scalars of its cells' text (a wide character's second
    /// cell adds none). A run of only such cells comes with no scalars.
    public func forEachRun(inRow y: Int, _ body: (_ x: Int, _ role: Role, _ scalars: [Unicode.Scalar]) -> Void) {
        guard y >= 0, y < height else { return }
        let row = y * width
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(width)
        var x = 0
        while x < width {
            let number = packed[row + x].role
            let start = x
            scalars.removeAll(keepingCapacity: true)
            while x < width, packed[row + x].role == number {
                let glyph = packed[row + x].glyph
                if glyph & PackedCell.clusterFlag != 0 {
                    scalars.append(contentsOf: tables.text(of: glyph).unicodeScalars)
                } else if glyph != PackedCell.continuation, let scalar = Unicode.Scalar(glyph) {
                    scalars.append(scalar)
                }
                x += 1
            }
            body(start, tables.role(number), scalars)
        }
    }
}
