// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// CycloneDX (1.4–1.6) and SPDX (2.3) JSON: packages from their purls.
enum SBOMParser {
    static func cyclonedx(_ bytes: [UInt8], name: String, log: inout ParseLog) throws -> [InventoryPackage] {
        let document = try InventoryParser.json(bytes, name: name)
        guard document["bomFormat"] as? String == "CycloneDX" else { throw VersionError("\(name): 'bomFormat' is not CycloneDX") }
        var packages: [InventoryPackage] = []
        func visit(_ components: [[String: Any]], path: String) {
            for (index, component) in components.enumerated() {
                let place = "\(name): \(path)[\(index)]"
                if let purl = component["purl"] as? String {
                    if let package = PackageURL.parse(purl) {
                        packages.append(package)
                    } else {
                        log.rejected.append(.init(place: place, reason: "purl '\(purl)' has no version or an unsupported type"))
                    }
                } else if component["type"] as? String == "library" {
                    log.rejected.append(.init(place: place, reason: "component '\(component["name"] as? String ?? "?")' has no purl"))
                }
                if let nested = component["components"] as? [[String: Any]] { visit(nested, path: "\(path)[\(index)].components") }
            }
        }
        if let metadata = document["metadata"] as? [String: Any], let component = metadata["component"] as? [String: Any],
            let purl = component["purl"] as? String, let package = PackageURL.parse(purl)
        {
            packages.append(package)
        }
        visit(document["components"] as? [[String: Any]] ?? [], path: "components")
        return packages
    }

    static func spdx(_ bytes: [UInt8], name: String, log: inout ParseLog) throws -> [InventoryPackage] {
        let document = try InventoryParser.json(bytes, name: name)
        guard let version = document["spdxVersion"] as? String, version.hasPrefix("SPDX-2") else {
            throw VersionError("\(name): 'spdxVersion' is not SPDX-2.x")
        }
        var packages: [InventoryPackage] = []
        for (index, package) in (document["packages"] as? [[String: Any]] ?? []).enumerated() {
            let refs = package["externalRefs"] as? [[String: Any]] ?? []
            let purls = refs.filter { ($0["referenceType"] as? String) == "purl" }.compactMap { $0["referenceLocator"] as? String }
            if purls.isEmpty {
                // Files, the document's own root and packages without a locator say nothing matchable.
                continue
            }
            for purl in purls {
                if let parsed = PackageURL.parse(purl) {
                    packages.append(parsed)
                } else {
                    log.rejected.append(.init(place: "\(name): packages[\(index)]", reason: "purl '\(purl)' has no version or an unsupported type"))
                }
            }
        }
        return packages
    }
}
