/// Why the demo could not be generated, in one line for the operator (the CLI prints it after
/// "Error: ", as it prints its own errors).
public struct DemoError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
