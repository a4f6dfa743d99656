import AdminCore
import AdminStorageTestKit
import Foundation
import Testing

@testable import AdminSQLite

/// Text is bound and read with its byte length, so names with an embedded NUL stay distinct.
@Suite("SQLiteStorage text")
struct SQLiteTextTests {
    @Test func embeddedNULKeepsKeysApart() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            try await storage.write { tx in
                try tx.setServiceState(service: "Svc", key: "a\u{0}x", state: ["n\u{0}1": [1]])
                try tx.setServiceState(service: "Svc", key: "a\u{0}y", state: ["n\u{0}1": [2], "n\u{0}2": [3]])
            }
            let (x, y) = try await storage.read { reader in
                (try reader.serviceState(service: "Svc", key: "a\u{0}x"), try reader.serviceState(service: "Svc", key: "a\u{0}y"))
            }
            #expect(x == ["n\u{0}1": [1]])
            #expect(y == ["n\u{0}1": [2], "n\u{0}2": [3]])
            try await storage.close()
        }
    }
}
