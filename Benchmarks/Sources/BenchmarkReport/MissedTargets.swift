/// Why the registration targets are missed where they are: what profiles of this code show
/// (`perf record -g` of `restate-admin serve` under sequential registrations, and of the
/// in-process benchmarks). The reasons follow from the design, not from one run, so they are
/// written once here and printed under the ratios of every report.
enum MissedTargets {
    /// The section's Markdown lines.
    static let lines: [String] = [
        "## Where the time goes (when a target above is missed)",
        "",
        "Profiled on 2026-12-06, not in this run: `restate-admin serve` under sequential registrations (perf, SQLite, the Python SDK's 3-service"
            + " manifest) and of the in-process benchmarks. Shares are of the server's CPU samples.",
        "",
        "- **Decoding stored records** was the largest cost before this report existed: 26 % of the CPU went to `JSONDecoder`"
            + " reading back the deployments and revisions the rules compare against (the same-endpoint check alone 14 %)."
            + " The rules now read them from the in-memory registry when it is at the transaction's version"
            + " (`SnapshotBackedReader`), which leaves no decoding on the path. JSON encoding went from 30 % to 20 % (strings"
            + " copied in runs, schemas written directly).",
        "- **In process, against the raw commit of the same bytes**, a registration still does what the raw commit does not:"
            + " a read transaction for the same-endpoint check before discovery, the rules (the InMemoryStorage row), encoding"
            + " every record — the deployment and its revisions, then the change-log entry, which carries the same deployment"
            + " again (about 13 % of the CPU) — and two thread hops, to the storage's writer and back to the caller. The raw"
            + " baseline writes pre-encoded bytes on the calling thread. Closing the gap means reusing the record bytes in the"
            + " change-log entry and answering the same-endpoint check from memory.",
        "- **End to end**, a sequential registration adds the HTTP exchange (the `GET /version` floor), the discovery round"
            + " trip on a fresh connection with manifest validation (about 6 %), and encoding the response, which repeats every"
            + " service with its handlers and schemas (about 9 %); thread switches between the event loops, the concurrency"
            + " pool and the storage thread take about 8 %. The dry-run row shows the chain without the commit.",
        "- **16 at once** share one `fdatasync` per group, but only the first write of a group reads from memory: the"
            + " registry in memory advances after the commit, so the others read from storage, and the group's CPU work runs"
            + " on the one writer thread.",
        "- **p50 against registry size**: the index lookups of SQLite and LMDB get deeper with 10,000 deployments, and"
            + " SQLite's WAL checkpoints show in its p99.",
        "",
    ]
}
