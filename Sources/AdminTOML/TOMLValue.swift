/// A TOML value of the subset the configuration file uses.
public enum TOMLValue: Equatable, Sendable {
    /// A basic or literal string.
    case string(String)
    /// A 64-bit integer (underscores between digits allowed).
    case integer(Int64)
    /// A float.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An array (of any values: the subset does not check that they share a type).
    case array([TOMLValue])
    /// A table or inline table.
    case table([String: TOMLValue])
}
