import Foundation
import Testing
import VerdictTestSupport

/// What `verdict` writes is its user's alone: folders 0700, files 0600, whatever the umask, and a workspace
/// made looser before (by hand, or by an older client) is tightened.
@Suite struct WorkspaceFileModeTests {
    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test func loginAndPullWriteFilesForTheOwnerOnly() async throws {
        try await withServer { server in
            _ = try await ClientTests.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let directory = try rita.directory
            #expect(try mode(directory.path) == 0o700)
            let data = rita.dataHome.appendingPathComponent("verdict")
            #expect(try mode(data.path) == 0o700)
            #expect(try mode(data.appendingPathComponent("current").path) == 0o600)
            let database = directory.appendingPathComponent("workspace.sqlite").path
            var files = [database, directory.appendingPathComponent("token").path]
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: database + suffix) {
                files.append(database + suffix)
            }
            for file in files { #expect(try mode(file) == 0o600, "\(file)") }
            // Whatever else is in the folder (SQLite's journals) is the owner's too.
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                #expect(try mode(directory.appendingPathComponent(name).path) & 0o077 == 0, "\(name)")
            }
        }
    }

    @Test func aLooserWorkspaceIsTightened() async throws {
        try await withServer { server in
            let rita = try ClientWorkspace(user: "rita")
            let folder = rita.dataHome.appendingPathComponent("shared-ws")
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            let tokenFile = rita.dataHome.appendingPathComponent("token.txt")
            try Data((server.tokens["rita"] ?? "").utf8).write(to: tokenFile)
            try await rita.ok([
                "login", "--server", server.baseURL, "--user", "rita", "--token-file", tokenFile.path, "--workspace",
                folder.path,
            ])
            #expect(try mode(folder.path) == 0o700)
            let database = folder.appendingPathComponent("workspace.sqlite").path
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: database)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            try await rita.ok(["pull", "--workspace", folder.path])
            #expect(try mode(folder.path) == 0o700)
            #expect(try mode(database) == 0o600)
        }
    }
}
