import Foundation

/// Loads the JSON fixtures copied from the conformance vectors.
enum Fixtures {
    static func data(_ name: String, subdirectory: String = "Fixtures") throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: subdirectory) else {
            throw FixtureError(message: "missing fixture \(subdirectory)/\(name).json")
        }
        return try Data(contentsOf: url)
    }

    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: data(name))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
