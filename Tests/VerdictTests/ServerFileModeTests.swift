import Foundation
import Testing
import VerdictTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The database and its backups hold every verdict and the token hashes: the server makes them 0600 (its folder
/// 0700) whatever the umask, and tightens files an older version left looser.
@Suite struct ServerFileModeTests {
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }

    @Test func databaseAndBackupFilesAreTheOwnersAlone() throws {
        let root = try makeTemporaryDirectory()
        let folder = root.appendingPathComponent("new-folder").path
        let db = folder + "/verdict.sqlite"
        let added = try ServerBinary.run(["users", "add", "erin", "--role", "editor", "--db", db])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(Self.mode(folder) == 0o700)
        #expect(Self.mode(db) == 0o600)

        let backup = root.appendingPathComponent("backup.sqlite").path
        #expect(try ServerBinary.run(["backup", "--db", db, backup]).status == 0)
        #expect(Self.mode(backup) == 0o600)

        // A database made readable by others (by hand, or by an older version) is tightened when opened.
        chmod(db, 0o644)
        _ = FileManager.default.createFile(atPath: db + "-wal", contents: nil, attributes: [.posixPermissions: 0o664])
        #expect(try ServerBinary.run(["users", "list", "--db", db]).status == 0)
        #expect(Self.mode(db) == 0o600)
        #expect(Self.mode(db + "-wal").map { $0 & 0o077 } ?? 0 == 0)
    }
}
