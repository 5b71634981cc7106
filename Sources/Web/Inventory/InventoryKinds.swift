// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory
import Foundation

extension InventoryKind where Item == Asset, Input == AssetInput {
    static func assets(_ inventory: InventoryService) -> Self {
        InventoryKind(
            singular: "asset", plural: "assets", path: "assets", schema: "Asset", pluralSchema: "Assets",
            requiredOnCreate: ["name"], present: { $0.name == nil ? [] : ["name"] },
            fields: [
                .init(name: "name", label: "Name", kind: .text, required: true, value: { $0.name }),
                .init(name: "hostnames", label: "Hostnames", kind: .list, value: { $0.hostnames.joined(separator: ", ") }),
                .init(name: "ips", label: "IP addresses", kind: .list, value: { $0.ips.joined(separator: ", ") }),
                .init(name: "owner", label: "Owner (email or team)", kind: .text, value: { $0.owner }),
                .init(
                    name: "criticality", label: "Criticality", kind: .select(Criticality.allCases.map(\.rawValue)), value: { $0.criticality.rawValue }
                ),
                .init(name: "environment", label: "Environment", kind: .text, value: { $0.environment }),
                .init(name: "internet_facing", label: "Internet-facing", kind: .checkbox, value: { String($0.internetFacing) }),
                .init(name: "tags", label: "Tags", kind: .list, value: { $0.tags.joined(separator: ", ") }),
            ],
            columns: [
                ("Name", { $0.name }), ("Criticality", { $0.criticality.rawValue }), ("Environment", { $0.environment }),
                ("IPs", { $0.ips.joined(separator: ", ") }), ("Owner", { $0.owner }),
                ("Internet", { $0.internetFacing ? "yes" : "" }), ("Tags", { $0.tags.joined(separator: ", ") }),
            ],
            csvColumns: InventoryImport.assetColumns,
            filters: [
                ("q", "Search", nil), ("criticality", "Criticality", Criticality.allCases.map(\.rawValue)), ("environment", "Environment", nil),
                ("tag", "Tag", nil), ("owner", "Owner", nil),
            ],
            filterHelp: [
                "q": "substring of name, hostname, IP or owner", "criticality": "low, medium, high or critical",
                "environment": "exact environment", "tag": "exact tag", "owner": "exact owner (email or team)",
            ],
            id: { $0.id }, title: { $0.name },
            blank: { Asset(name: "", createdAt: $0) },
            list: { filters, page in
                try await inventory.listAssets(
                    AssetQuery(
                        text: filters["q"], criticality: filters["criticality"].flatMap(Criticality.init(rawValue:)),
                        environment: filters["environment"], tag: filters["tag"], owner: filters["owner"]), page: page)
            },
            get: { try await inventory.findAsset(id: $0) },
            create: { input, actor in
                try input.validate()
                var asset = Asset(name: "", createdAt: inventory.clock.now())
                input.apply(to: &asset)
                return try await inventory.createAsset(asset, by: actor)
            },
            update: { id, input, actor in
                try input.validate()
                return try await inventory.updateAsset(id: id, by: actor, change: input.apply)
            },
            delete: { try await inventory.deleteAsset(id: $0, by: $1) },
            importCSV: { try await inventory.importAssets(csv: $0, partial: $1, by: $2) },
            related: { asset in
                guard !asset.owner.isEmpty else { return .asset(asset, owner: .none) }
                guard let person = try await inventory.findPerson(email: asset.owner) else {
                    return .asset(asset, owner: .notInDirectory(asset.owner))
                }
                return .asset(asset, owner: .person(person))
            })
    }
}

extension InventoryKind where Item == Person, Input == PersonInput {
    static func people(_ inventory: InventoryService) -> Self {
        InventoryKind(
            singular: "person", plural: "people", path: "people", schema: "Person", pluralSchema: "People",
            requiredOnCreate: ["name", "email"],
            present: { input in Set([input.name == nil ? nil : "name", input.email == nil ? nil : "email"].compactMap { $0 }) },
            fields: [
                .init(name: "name", label: "Name", kind: .text, required: true, value: { $0.name }),
                .init(name: "email", label: "Email", kind: .text, required: true, value: { $0.email }),
                .init(name: "department", label: "Department", kind: .text, value: { $0.department }),
                .init(name: "manager", label: "Manager's email", kind: .text, value: { $0.manager }),
                .init(
                    name: "employment_status", label: "Employment status", kind: .select(EmploymentStatus.allCases.map(\.rawValue)),
                    value: { $0.employmentStatus.rawValue }),
                .init(name: "start_date", label: "Start date", kind: .date, value: { $0.startDate }),
                .init(name: "end_date", label: "End date", kind: .date, value: { $0.endDate }),
                .init(name: "employee_id", label: "Employee id", kind: .text, value: { $0.employeeID }),
                .init(name: "job_title", label: "Job title", kind: .text, value: { $0.jobTitle }),
            ],
            columns: [
                ("Name", { $0.name }), ("Email", { $0.email }), ("Job title", { $0.jobTitle }), ("Department", { $0.department }),
                ("Manager", { $0.manager }),
                ("Status", { $0.employmentStatus.rawValue }), ("Start", { $0.startDate }), ("End", { $0.endDate }),
            ],
            csvColumns: InventoryImport.personColumns,
            filters: [
                ("q", "Search", nil), ("department", "Department", nil), ("employment_status", "Status", EmploymentStatus.allCases.map(\.rawValue)),
            ],
            filterHelp: ["q": "substring of name or email", "department": "exact department", "employment_status": "active, on_leave or terminated"],
            id: { $0.id }, title: { $0.name },
            blank: { Person(name: "", email: "", createdAt: $0) },
            list: { filters, page in
                try await inventory.listPeople(
                    PersonQuery(
                        text: filters["q"], department: filters["department"],
                        employmentStatus: filters["employment_status"].flatMap(EmploymentStatus.init(rawValue:))), page: page)
            },
            get: { try await inventory.findPerson(id: $0) },
            create: { input, actor in
                try input.validate()
                var person = Person(name: "", email: "", createdAt: inventory.clock.now())
                input.apply(to: &person)
                return try await inventory.createPerson(person, by: actor)
            },
            update: { id, input, actor in
                try input.validate()
                return try await inventory.updatePerson(id: id, by: actor, change: input.apply)
            },
            delete: { try await inventory.deletePerson(id: $0, by: $1) },
            importCSV: { try await inventory.importPeople(csv: $0, partial: $1, by: $2) },
            related: { person in
                .person(person, owned: try await inventory.listAssets(AssetQuery(owner: person.email), page: PageRequest(limit: 100)).items)
            })
    }
}
