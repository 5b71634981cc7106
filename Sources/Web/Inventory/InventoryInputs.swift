// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory

/// The JSON body of POST and PATCH on assets; absent fields are left as they are.
struct AssetInput: APIInput {
    static let fields: Set<String> = ["name", "hostnames", "ips", "owner", "criticality", "environment", "internet_facing", "tags"]
    var name: String?
    var hostnames: [String]?
    var ips: [String]?
    var owner: String?
    var criticality: String?
    var environment: String?
    var internetFacing: Bool?
    var tags: [String]?

    /// Refuses values no asset can have, before anything is changed.
    func validate() throws {
        if let criticality, Criticality(rawValue: criticality) == nil {
            throw CoreError.invalid([FieldError(field: "criticality", message: "'\(criticality)' is not one of low, medium, high, critical")])
        }
    }

    func apply(to asset: inout Asset) {
        if let name { asset.name = name }
        if let hostnames { asset.hostnames = hostnames }
        if let ips { asset.ips = ips }
        if let owner { asset.owner = owner }
        if let value = criticality.flatMap(Criticality.init(rawValue:)) { asset.criticality = value }
        if let environment { asset.environment = environment }
        if let internetFacing { asset.internetFacing = internetFacing }
        if let tags { asset.tags = tags }
    }
}

/// The JSON body of POST and PATCH on people.
struct PersonInput: APIInput {
    static let fields: Set<String> = [
        "name", "email", "department", "manager", "employment_status", "start_date", "end_date", "employee_id", "job_title",
    ]
    var name: String?
    var email: String?
    var department: String?
    var manager: String?
    var employmentStatus: String?
    var startDate: String?
    var endDate: String?
    var employeeId: String?
    var jobTitle: String?

    func validate() throws {
        if let employmentStatus, EmploymentStatus(rawValue: employmentStatus) == nil {
            throw CoreError.invalid([
                FieldError(field: "employment_status", message: "'\(employmentStatus)' is not one of active, on_leave, terminated")
            ])
        }
    }

    func apply(to person: inout Person) {
        if let name { person.name = name }
        if let email { person.email = email }
        if let department { person.department = department }
        if let manager { person.manager = manager }
        if let value = employmentStatus.flatMap(EmploymentStatus.init(rawValue:)) { person.employmentStatus = value }
        if let startDate { person.startDate = startDate }
        if let endDate { person.endDate = endDate }
        if let employeeId { person.employeeID = employeeId }
        if let jobTitle { person.jobTitle = jobTitle }
    }
}
