import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Files and folders for the user's eyes only: the workspace holds a token and other reviewers' unpublished
/// verdicts. Folders are made (or tightened to) mode 0700, files 0600, whatever the umask.
enum PrivateFiles {
    /// Makes `directory` and any missing parents, then tightens `directory` itself to 0700 if it was looser
    /// (a workspace folder made before the client set modes, or by hand).
    static func makeDirectory(_ directory: URL) throws {
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try restrict(directory.path, to: 0o700)
    }

    /// Creates `path` empty with mode 0600 if it does not exist yet (tightening it if it does), so that SQLite (which gives its -wal and
    /// -shm files the database's mode) or a writer never makes it readable by others first.
    static func createFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ClientError("cannot create \(path): \(String(cString: strerror(errno)))") }
        close(fd)
        try restrict(path, to: 0o600)
    }

    /// Takes group and other permissions off `path` (a file at most 0600, a folder 0700); nothing if it does
    /// not exist.
    static func restrict(_ path: String, to mode: mode_t) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        guard info.st_mode & 0o777 & ~mode != 0 else { return }
        guard chmod(path, info.st_mode & 0o777 & mode) == 0 else {
            throw ClientError("cannot restrict \(path) to its owner: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `data` to `url` through a new file of mode 0600 renamed into place.
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString.prefix(8))")
        try createFile(temporary.path)
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw ClientError("cannot write \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
