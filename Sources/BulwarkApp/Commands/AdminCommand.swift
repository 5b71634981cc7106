// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import ArgumentParser
import BulwarkCore
import Foundation

/// `bulwark admin …`: users and tokens, straight on the database (the server may be running or not).
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage users and API tokens directly in the database (works while the server runs).",
        subcommands: [
            CreateUser.self, ListUsers.self, SetPassword.self, DisableUser.self, EnableUser.self,
            CreateToken.self, ListTokens.self, RevokeToken.self, Permissions.self,
        ])

    struct CreateUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-user", abstract: "Create a user; prints a generated password once unless --password-stdin is given.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Login name: 2–64 of a–z, 0–9, '.', '_', '-'.") var username: String
        @Option(help: ArgumentHelp("One of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")) var role: String
        @Option(name: .customLong("display-name"), help: "Full name shown in the UI.") var displayName: String = ""
        @Option(help: "Email address.") var email: String = ""
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of generating one.")
        var passwordStdin = false

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw InputError("--role: '\(self.role)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let password = passwordStdin ? try readPasswordFromStdin() : nil
            let platform = try await openPlatform(storage)
            do {
                let (user, generated) = try await platform.foundation.auth.createUser(
                    NewUser(username: username, role: role, displayName: displayName, email: email, password: password), by: .cli)
                print("created user \(user.username) (\(user.role.rawValue))")
                if let generated { print("password (shown once): \(generated)") }
            } catch {
                await platform.close()
                throw InputError(describe(error))
            }
            await platform.close()
        }
    }

    struct ListUsers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list-users", abstract: "List users.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let platform = try await openPlatform(storage, existing: true)
            var cursor: String?
            print("USERNAME\tROLE\tSTATE\tMFA\tLAST LOGIN")
            repeat {
                let page = try await platform.foundation.auth.listUsers(page: PageRequest(limit: 500, cursor: cursor))
                for user in page.items {
                    let state = user.disabled ? "disabled" : ((user.lockedUntil ?? .distantPast) > Date() ? "locked" : "active")
                    print(
                        "\(user.username)\t\(user.role.rawValue)\t\(state)\t\(user.mfaEnabled ? "on" : "off")\t\(user.lastLoginAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-")"
                    )
                }
                cursor = page.next
            } while cursor != nil
            await platform.close()
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Set a user's password (generated and printed once unless --password-stdin); unlocks the account and ends its sessions.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "The user.") var username: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false

        func run() async throws {
            let password = passwordStdin ? try readPasswordFromStdin() : nil
            let platform = try await openPlatform(storage, existing: true)
            do {
                let user = try await platform.foundation.auth.requireUser(username: username)
                let generated = try await platform.foundation.auth.resetPassword(userID: user.id, to: password, by: .cli)
                print("password set for \(user.username)")
                if let generated { print("password (shown once): \(generated)") }
            } catch {
                await platform.close()
                throw InputError(describe(error))
            }
            await platform.close()
        }
    }

    struct DisableUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable-user", abstract: "Disable a user: they cannot sign in, their sessions end, their tokens stop working.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "The user.") var username: String
        func run() async throws { try await setDisabled(storage, username, true) }
    }

    struct EnableUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable-user", abstract: "Enable a disabled user.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "The user.") var username: String
        func run() async throws { try await setDisabled(storage, username, false) }
    }

    struct CreateToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-token",
            abstract: "Create an API token for a user and print it once.",
            discussion:
                "Scopes: read (read data), write (read and change data), ingest (send events only: for log shippers), admin (everything the user may do). The token can do no more than its user's role allows."
        )
        @OptionGroup var storage: StorageOptions
        @Option(help: "The user the token acts for.") var username: String
        @Option(
            name: .customLong("scope"), help: ArgumentHelp("read, write, ingest or admin; repeat for several (default read).", valueName: "SCOPE"))
        var scopes: [String] = []
        @Option(help: ArgumentHelp("Days until it expires, 1–366 (default 90).", valueName: "DAYS")) var expires: Int?
        @Option(help: "What the token is for, e.g. 'fluent-bit on web-01'.") var name: String = "cli"

        func run() async throws {
            var parsed: [TokenScope] = []
            for text in scopes.isEmpty ? ["read"] : scopes {
                guard let scope = TokenScope(rawValue: text) else {
                    throw InputError("--scope: '\(text)' is not one of \(TokenScope.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                parsed.append(scope)
            }
            let platform = try await openPlatform(storage, existing: true)
            do {
                let (token, secret) = try await platform.foundation.auth.createToken(
                    username: username, name: name, scopes: parsed,
                    expiresInDays: expires, by: .cli)
                print(secret)
                FileHandle.standardError.write(
                    Data(
                        "token \(token.id) for \(username), scopes \(token.scopes.map(\.rawValue).joined(separator: ",")), expires \(token.expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never"); the secret above is shown once\n"
                            .utf8))
            } catch {
                await platform.close()
                throw InputError(describe(error))
            }
            await platform.close()
        }
    }

    struct ListTokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list-tokens", abstract: "List API tokens (never their secrets).")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Only this user's tokens.") var username: String?

        func run() async throws {
            let platform = try await openPlatform(storage, existing: true)
            do {
                var userID: String?
                if let username { userID = try await platform.foundation.auth.requireUser(username: username).id }
                let tokens = try await platform.foundation.auth.listTokens(userID: userID)
                print("ID\tNAME\tPREFIX\tSCOPES\tSTATE\tEXPIRES")
                let formatter = ISO8601DateFormatter()
                for token in tokens {
                    print(
                        "\(token.id)\t\(token.name)\t\(token.prefix)…\t\(token.scopes.map(\.rawValue).joined(separator: ","))\t\(token.state(at: Date()))\t\(token.expiresAt.map(formatter.string) ?? "-")"
                    )
                }
            } catch {
                await platform.close()
                throw InputError(describe(error))
            }
            await platform.close()
        }
    }

    struct RevokeToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-token", abstract: "Revoke an API token by its id (see list-tokens).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The token's id.") var id: String

        func run() async throws {
            let platform = try await openPlatform(storage, existing: true)
            do {
                _ = try await platform.foundation.auth.revokeToken(id: id, ownerID: nil, by: .cli)
                print("revoked \(id)")
            } catch {
                await platform.close()
                throw InputError(describe(error))
            }
            await platform.close()
        }
    }

    struct Permissions: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "permissions", abstract: "Print the permission matrix (roles × permissions) as Markdown.")
        func run() throws { print(PermissionMatrix.markdownTable()) }
    }
}

func setDisabled(_ storage: StorageOptions, _ username: String, _ disabled: Bool) async throws {
    let platform = try await openPlatform(storage, existing: true)
    do {
        let user = try await platform.foundation.auth.requireUser(username: username)
        _ = try await platform.foundation.auth.updateUser(id: user.id, role: nil, displayName: nil, email: nil, disabled: disabled, by: .cli)
        print("\(disabled ? "disabled" : "enabled") \(user.username)")
    } catch {
        await platform.close()
        throw InputError(describe(error))
    }
    await platform.close()
}

/// An error as one line for the terminal.
func describe(_ error: any Error) -> String {
    switch error {
    case let error as CoreError: return error.description
    case let error as AccessError: return error.description
    default: return "\(error)"
    }
}
