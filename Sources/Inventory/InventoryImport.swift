// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// The outcome of reading a CSV file of assets or people: the good rows, and every bad row with its reason.
public struct ImportPlan<Item: Sendable>: Sendable {
    /// Rows that passed every check, with their line numbers.
    public var items: [(line: Int, item: Item)]
    /// One entry per problem, each with its line and column.
    public var errors: [FieldError]

    public var hasErrors: Bool { !errors.isEmpty }
}

/// Reads inventory CSV files. Columns are matched by header name (case-insensitive); unknown columns are an error,
/// so that a typo in a header is not silently ignored. List columns (`hostnames`, `ips`, `tags`) separate items by `;`.
public enum InventoryImport {
    public static let assetColumns = ["name", "hostnames", "ips", "owner", "criticality", "environment", "internet_facing", "tags"]
    public static let personColumns = [
        "name", "email", "department", "manager", "employment_status", "start_date", "end_date", "employee_id", "job_title",
    ]
    /// Largest accepted file, in bytes.
    public static let maxBytes = 20 * 1024 * 1024
    /// Most fields a record may have: a few times the known columns, far below what could cost time.
    public static let maxColumns = 64

    /// Reads assets. `now` stamps new rows; ids are assigned fresh (the store matches existing assets by name).
    public static func assets(csv text: String, now: Date) -> ImportPlan<Asset> {
        read(csv: text, columns: assetColumns, required: ["name"]) { row, line in
            var errors: [FieldError] = []
            let criticalityText = row["criticality", default: ""].lowercased()
            let criticality = criticalityText.isEmpty ? Criticality.medium : Criticality(rawValue: criticalityText)
            if criticality == nil {
                errors.append(FieldError(field: "criticality", message: "'\(criticalityText)' is not one of low, medium, high, critical", line: line))
            }
            let facing = parseBool(row["internet_facing", default: ""])
            if facing == nil {
                errors.append(
                    FieldError(field: "internet_facing", message: "'\(row["internet_facing", default: ""])' is not true or false", line: line))
            }
            let environment = row["environment", default: ""]
            let asset = Asset(
                name: row["name", default: ""], hostnames: list(row["hostnames"]), ips: list(row["ips"]),
                owner: row["owner", default: ""], criticality: criticality ?? .medium,
                environment: environment.isEmpty ? "production" : environment.lowercased(),
                internetFacing: facing ?? false, tags: list(row["tags"]), createdAt: now)
            errors += asset.validationErrors(line: line)
            return errors.isEmpty ? .success(asset) : .failure(errors)
        }
    }

    /// Reads people, matched to existing ones by email.
    public static func people(csv text: String, now: Date) -> ImportPlan<Person> {
        read(csv: text, columns: personColumns, required: ["name", "email"]) { row, line in
            let statusText = row["employment_status", default: ""].lowercased()
            let status = statusText.isEmpty ? EmploymentStatus.active : EmploymentStatus(rawValue: statusText)
            var errors: [FieldError] = []
            if status == nil {
                errors.append(
                    FieldError(field: "employment_status", message: "'\(statusText)' is not one of active, on_leave, terminated", line: line))
            }
            let person = Person(
                name: row["name", default: ""], email: row["email", default: ""].lowercased(),
                department: row["department", default: ""], manager: row["manager", default: ""].lowercased(),
                employmentStatus: status ?? .active, startDate: row["start_date", default: ""],
                endDate: row["end_date", default: ""], employeeID: row["employee_id", default: ""], jobTitle: row["job_title", default: ""],
                createdAt: now)
            errors += person.validationErrors(line: line)
            return errors.isEmpty ? .success(person) : .failure(errors)
        }
    }

    enum RowResult<Item> {
        case success(Item)
        case failure([FieldError])
    }

    static func read<Item>(
        csv text: String, columns: [String], required: [String],
        build: ([String: String], Int) -> RowResult<Item>
    ) -> ImportPlan<Item> {
        if text.utf8.count > maxBytes {
            return ImportPlan(items: [], errors: [FieldError(field: "file", message: "is larger than \(maxBytes / 1024 / 1024) MiB", line: nil)])
        }
        let records: [CSV.Record]
        do {
            records = try CSV.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, maximumFields: maxColumns)
        } catch {
            return ImportPlan(items: [], errors: [FieldError(field: "file", message: error.message, line: error.line)])
        }
        guard let header = records.first else {
            return ImportPlan(items: [], errors: [FieldError(field: "file", message: "is empty; the first line must name the columns", line: 1)])
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var headerErrors: [FieldError] = []
        let known = Set(columns)
        var seen = Set<String>()
        var reported = Set<String>()
        for name in names {
            if !known.contains(name) {
                // Each unknown name once, however often it repeats.
                if reported.insert(name).inserted {
                    headerErrors.append(
                        FieldError(field: name, message: "is not a known column (known: \(columns.joined(separator: ", ")))", line: header.line))
                }
            } else if !seen.insert(name).inserted, reported.insert(name).inserted {
                headerErrors.append(FieldError(field: name, message: "column appears twice", line: header.line))
            }
        }
        for name in required where !seen.contains(name) {
            headerErrors.append(FieldError(field: name, message: "required column is missing", line: header.line))
        }
        if !headerErrors.isEmpty { return ImportPlan(items: [], errors: headerErrors) }

        var plan = ImportPlan<Item>(items: [], errors: [])
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                plan.errors.append(
                    FieldError(field: "row", message: "has \(record.fields.count) fields, the header has \(names.count)", line: record.line))
                continue
            }
            var row: [String: String] = [:]
            for (name, value) in zip(names, record.fields) { row[name] = value.trimmingCharacters(in: .whitespaces) }
            switch build(row, record.line) {
            case .success(let item): plan.items.append((record.line, item))
            case .failure(let errors): plan.errors += errors
            }
        }
        return plan
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "", "false", "no", "0", "n": return false
        case "true", "yes", "1", "y": return true
        default: return nil
        }
    }
}
