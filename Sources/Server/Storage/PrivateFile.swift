import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The database holds every reviewer's verdicts and the token hashes: its files (and backups) are the server
/// user's alone, mode 0600 whatever the umask, and a folder made for them is 0700.
enum PrivateFile {
    /// Makes `path`'s folder if missing (0700), creates `path` empty with mode 0600 if missing, and tightens it
    /// and its SQLite companions (-wal, -shm) when they are looser.
    static func prepare(_ path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError.invalid("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        close(fd)
        for file in [path, path + "-wal", path + "-shm"] { try restrict(file) }
    }

    /// Takes group and other permissions off `path`; nothing if it does not exist.
    static func restrict(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 != 0 else { return }
        guard chmod(path, info.st_mode & 0o700) == 0 else {
            throw StoreError.invalid(
                "cannot restrict \(path) to its owner: \(String(cString: strerror(errno)))")
        }
    }
}
