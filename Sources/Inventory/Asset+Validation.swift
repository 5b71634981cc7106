// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

extension Asset {
    /// Every problem with this asset's fields, named by their JSON keys; empty when it is valid.
    public func validationErrors(line: Int? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message, line: line)) }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { fail("name", "is required") }
        if name.count > Validation.maxNameLength { fail("name", "is longer than \(Validation.maxNameLength) characters") }
        if hostnames.count > Validation.maxListItems { fail("hostnames", "has more than \(Validation.maxListItems) items") }
        for host in hostnames where !Validation.isHostname(host) { fail("hostnames", "'\(host)' is not a valid hostname") }
        if ips.count > Validation.maxListItems { fail("ips", "has more than \(Validation.maxListItems) items") }
        for ip in ips where !Validation.isIPAddress(ip) { fail("ips", "'\(ip)' is not an IPv4 or IPv6 address") }
        if owner.count > Validation.maxNameLength { fail("owner", "is longer than \(Validation.maxNameLength) characters") }
        if !Validation.isWord(environment) { fail("environment", "must be one word of letters, digits, '-', '_' (e.g. production)") }
        if tags.count > Validation.maxListItems { fail("tags", "has more than \(Validation.maxListItems) items") }
        for tag in tags where !Validation.isWord(tag) { fail("tags", "'\(tag)' is not a valid tag") }
        return errors
    }
}

extension Person {
    /// Every problem with this person's fields, named by their JSON keys; empty when valid.
    public func validationErrors(line: Int? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message, line: line)) }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { fail("name", "is required") }
        if name.count > Validation.maxNameLength { fail("name", "is longer than \(Validation.maxNameLength) characters") }
        if !Validation.isEmail(email) { fail("email", "'\(email)' is not a valid email address") }
        if department.count > Validation.maxNameLength { fail("department", "is longer than \(Validation.maxNameLength) characters") }
        if jobTitle.count > Validation.maxNameLength || Validation.hasControlOrBidi(jobTitle) {
            fail("job_title", "at most \(Validation.maxNameLength) characters, without control characters")
        }
        if employeeID.count > 64 || Validation.hasControlOrBidi(employeeID) || employeeID != employeeID.trimmingCharacters(in: .whitespaces) {
            fail("employee_id", "at most 64 characters, without control characters or outer spaces")
        }
        if !manager.isEmpty && !Validation.isEmail(manager) { fail("manager", "'\(manager)' is not a valid email address") }
        if !manager.isEmpty && manager == email { fail("manager", "a person cannot be their own manager") }
        if !startDate.isEmpty && !Validation.isDate(startDate) { fail("start_date", "'\(startDate)' is not a date YYYY-MM-DD") }
        if !endDate.isEmpty && !Validation.isDate(endDate) { fail("end_date", "'\(endDate)' is not a date YYYY-MM-DD") }
        if Validation.isDate(startDate) && Validation.isDate(endDate) && endDate < startDate {
            fail("end_date", "is before start_date")
        }
        if employmentStatus == .terminated && endDate.isEmpty { fail("end_date", "is required when employment_status is terminated") }
        return errors
    }
}
