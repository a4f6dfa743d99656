import Synchronization

/// Hands a value from a benchmark's setup hook to its body and teardown.
final class Holder<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    /// Stores `value` (setup).
    func set(_ newValue: Value) { value.withLock { $0 = newValue } }

    /// The stored value; throws when setup did not store one.
    func get() throws -> Value {
        guard let stored = value.withLock({ $0 }) else { throw CancellationError() }
        return stored
    }

    /// The stored value, removed (teardown).
    func take() -> Value? {
        value.withLock { stored in
            defer { stored = nil }
            return stored
        }
    }
}
