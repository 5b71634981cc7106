// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// One uploaded file for a source.
public struct AccountUpload: Sendable {
    public var format: AccountFormat
    /// The file's name, for messages (`passwd`, `report.csv`).
    public var fileName: String
    public var bytes: [UInt8]
    /// The host a single Linux file belongs to (empty: the source's one host).
    public var host: String
    /// Whose `authorized_keys` it is; the sudoers file's name for an included sudoers file.
    public var user: String

    public init(format: AccountFormat, fileName: String, bytes: [UInt8], host: String = "", user: String = "") {
        self.format = format
        self.fileName = fileName
        self.bytes = bytes
        self.host = host
        self.user = user
    }
}

/// An account as read, with the host it is on (within a source of several hosts).
public struct HostAccount: Sendable, Equatable {
    public var host: String
    public var account: ImportedAccount
}

/// Turns an upload into the source's accounts. Formats that are one part of a picture (a host's files, an AWS
/// account's two reports) update the files the source keeps and the whole source is read again; the others are
/// the whole picture on their own.
public enum SourceReader {
    /// The problem with the upload as a whole (wrong format for the source, not text, a missing parameter), or nil.
    public static func problem(_ upload: AccountUpload, kind: IdentitySourceKind) -> FieldError? {
        guard kind.formats.contains(upload.format) else {
            return FieldError(
                field: "format",
                message: "a \(kind.rawValue) source takes \(kind.formats.map(\.rawValue).joined(separator: ", ")), not \(upload.format.rawValue)")
        }
        if upload.format != .linuxTar && String(validating: upload.bytes, as: UTF8.self) == nil {
            return FieldError(field: "body", message: "\(upload.fileName) is not UTF-8 text")
        }
        if upload.format == .authorizedKeys && AccountText.usernameProblem(upload.user) != nil {
            return FieldError(field: "user", message: "whose authorized_keys this is: give the account name as user=")
        }
        if !upload.host.isEmpty && (upload.host.count > 253 || upload.host.contains("/") || Validation.hasControlOrBidi(upload.host)) {
            return FieldError(field: "host", message: "a host name of at most 253 characters without '/' or control characters")
        }
        return nil
    }

    /// The accounts of the source after the upload, the records left out, and the files to keep (for the kinds
    /// that keep them).
    public static func read(_ upload: AccountUpload, kept: SourceFiles, now: Date) -> (
        accounts: [HostAccount], rejected: [AccountBatch.Rejected], files: SourceFiles?
    ) {
        let text = String(decoding: upload.bytes, as: UTF8.self)
        var files = kept
        var rejected: [AccountBatch.Rejected] = []
        switch upload.format {
        case .passwd, .group, .shadow, .sudoers, .authorizedKeys, .lastlog, .last:
            var host = files.hosts[upload.host] ?? LinuxHostFiles()
            switch upload.format {
            case .passwd: host.passwd = text
            case .group: host.group = text
            case .shadow: host.shadow = LinuxHostFiles.reducedShadow(text)
            case .sudoers: host.sudoers[upload.user.isEmpty ? "sudoers" : upload.user] = text
            case .authorizedKeys: host.authorizedKeys[upload.user] = text
            case .lastlog: host.lastlog = text
            default: host.last = text
            }
            files.hosts[upload.host] = host
        case .linuxTar:
            let read = LinuxTarball.read(upload.bytes, name: upload.fileName)
            rejected += read.rejected
            for (name, host) in read.hosts {
                var reduced = host
                reduced.shadow = host.shadow.map(LinuxHostFiles.reducedShadow)
                files.hosts[name] = reduced
            }
        case .awsCredentialReport: files.awsCredentialReport = text
        case .awsAuthorizationDetails: files.awsAuthorizationDetails = text
        case .accountsCSV, .adCSV, .ldif, .scimJSON:
            let batch: AccountBatch
            switch upload.format {
            case .accountsCSV: batch = CSVAccounts.accounts(text, name: upload.fileName)
            case .adCSV: batch = CSVAccounts.activeDirectory(text, name: upload.fileName)
            case .ldif:
                let parsed = LDIF.parse(text, name: upload.fileName)
                var accounts = DirectoryAccounts.accounts(parsed.entries)
                accounts.rejected = parsed.rejected + accounts.rejected
                batch = accounts
            default: batch = SCIMAccounts.read(Data(upload.bytes), name: upload.fileName)
            }
            return (batch.accounts.map { HostAccount(host: "", account: $0) }, batch.rejected, nil)
        }
        let whole = read(files, now: now)
        return (whole.accounts, rejected + whole.rejected, files)
    }

    /// The accounts of the files a source keeps: each host's, and the AWS account's with the authorization details'
    /// groups and policies added to the credential report's users (a user in only one of them is still an account).
    public static func read(_ files: SourceFiles, now: Date) -> (accounts: [HostAccount], rejected: [AccountBatch.Rejected]) {
        var accounts: [HostAccount] = []
        var rejected: [AccountBatch.Rejected] = []
        for (name, host) in files.hosts.sorted(by: { $0.key < $1.key }) {
            let batch = LinuxAccounts.read(host, now: now)
            let prefix = name.isEmpty ? "" : name + ": "
            rejected += batch.rejected.map { AccountBatch.Rejected(place: prefix + $0.place, reason: $0.reason) }
            accounts += batch.accounts.map { HostAccount(host: name, account: $0) }
        }
        if files.awsCredentialReport != nil || files.awsAuthorizationDetails != nil {
            let report = files.awsCredentialReport.map { CSVAccounts.awsCredentialReport($0, name: "credential report") } ?? AccountBatch()
            let details =
                files.awsAuthorizationDetails.map { AWSAuthorizationDetails.read(Data($0.utf8), name: "authorization details") } ?? AccountBatch()
            rejected += report.rejected + details.rejected
            var merged = report.accounts
            let index = Dictionary(merged.enumerated().map { ($1.username, $0) }, uniquingKeysWith: { first, _ in first })
            for account in details.accounts {
                if let at = index[account.username] {
                    merged[at].entitlements += account.entitlements
                    if merged[at].createdAt == nil { merged[at].createdAt = account.createdAt }
                } else {
                    merged.append(account)
                }
            }
            accounts += merged.map { HostAccount(host: "", account: $0) }
        }
        return (accounts, rejected)
    }
}
