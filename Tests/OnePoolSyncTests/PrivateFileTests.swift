import Foundation
import OnePoolSync
import OnePoolTestSupport
import Testing

/// Secret files are read like ssh reads a private key, and written so nobody else can.
@Suite struct PrivateFileTests {
    @Test func onlyAnOwnersPrivateRegularFileIsRead() throws {
        let directory = TemporaryDirectory("onepool-private")
        let file = directory.child("secret")
        FileManager.default.createFile(
            atPath: file, contents: Data("s3cret\n".utf8), attributes: [.posixPermissions: 0o600])
        #expect(try PrivateFile.readSecret(file, what: "secret") == "s3cret")
        for mode in [0o640, 0o604, 0o644] {
            chmod(file, mode_t(mode))
            #expect(throws: PrivateFile.Problem.self) { try PrivateFile.read(file, what: "secret") }
        }
        chmod(file, 0o600)
        let link = directory.child("link")
        symlink(file, link)
        #expect(throws: PrivateFile.Problem.self) { try PrivateFile.read(link, what: "secret") }
        #expect(throws: PrivateFile.Problem.self) { try PrivateFile.read(directory.child("missing"), what: "secret") }
        FileManager.default.createFile(
            atPath: file, contents: Data("two words\n".utf8), attributes: [.posixPermissions: 0o600])
        #expect(throws: PrivateFile.Problem.self) { try PrivateFile.readSecret(file, what: "secret") }
    }

    @Test func writtenFilesAre0600InA0700Directory() throws {
        let directory = TemporaryDirectory("onepool-private")
        let file = directory.child("config/onepool/connections/shop.json")
        try PrivateFile.write(Data("{}".utf8), to: file)
        var info = stat()
        #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(directory.child("config/onepool/connections"), &info) == 0 && info.st_mode & 0o777 == 0o700)
        // A directory others may write into is refused: they could swap the file.
        chmod(directory.child("config/onepool/connections"), 0o777)
        #expect(throws: PrivateFile.Problem.self) { try PrivateFile.write(Data("{}".utf8), to: file) }
    }
}
