// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Where a person stands with the organisation; drives orphaned-account checks and training assignment.
public enum EmploymentStatus: String, Sendable, Codable, CaseIterable {
    case active
    case onLeave = "on_leave"
    case terminated
}

/// An employee or contractor: account holder, asset owner, trainee and phishing target.
public struct Person: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// Unique, lowercase.
    public var email: String
    public var department: String
    /// Email of the person's manager, empty when none.
    public var manager: String
    public var employmentStatus: EmploymentStatus
    /// `YYYY-MM-DD`, empty when unknown.
    public var startDate: String
    /// `YYYY-MM-DD`, empty while employed.
    public var endDate: String
    /// The HR system's number for the person (what directories call `employeeID`/`employeeNumber`), empty when unknown.
    public var employeeID: String
    public var jobTitle: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String = Identifier.make(), name: String, email: String, department: String = "",
        manager: String = "", employmentStatus: EmploymentStatus = .active, startDate: String = "",
        endDate: String = "", employeeID: String = "", jobTitle: String = "", createdAt: Date, updatedAt: Date? = nil
    ) {
        self.employeeID = employeeID
        self.jobTitle = jobTitle
        self.id = id
        self.name = name
        self.email = email
        self.department = department
        self.manager = manager
        self.employmentStatus = employmentStatus
        self.startDate = startDate
        self.endDate = endDate
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// Filters for listing people.
public struct PersonQuery: Sendable, Equatable {
    /// Substring of the name or email.
    public var text: String?
    public var department: String?
    public var employmentStatus: EmploymentStatus?

    public init(text: String? = nil, department: String? = nil, employmentStatus: EmploymentStatus? = nil) {
        self.text = text
        self.department = department
        self.employmentStatus = employmentStatus
    }
}

/// Where people live. Emails are unique.
public protocol PersonStore: Sendable {
    func create(_ person: Person) async throws
    func get(id: String) async throws -> Person?
    func get(email: String) async throws -> Person?
    func update(_ person: Person) async throws
    func delete(id: String) async throws -> Bool
    /// People ordered by name.
    func list(_ query: PersonQuery, page: PageRequest) async throws -> Page<Person>
    /// Inserts or updates (by email) all the given people in one transaction.
    func upsertAll(_ people: [Person]) async throws -> (created: Int, updated: Int)
    /// The people with these e-mails (lowercase), in no order.
    func get(emails: [String]) async throws -> [Person]
    func count() async throws -> Int
}
