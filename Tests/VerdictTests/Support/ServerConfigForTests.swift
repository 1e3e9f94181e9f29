@testable import VerdictServer

enum ServerConfigForTests {
    static func make() -> ServerConfig { ServerConfig() }
}
