// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkApp
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import BulwarkTesting
import Testing
import Web

/// Real answers of the API, over the demo's data, checked against the OpenAPI document the server publishes: every
/// JSON GET operation, with path parameters taken from the listings (a detail page gets the first id its list shows).
@Suite struct ResponseSchemaTests {
    @Test func everyJSONReadOperationAnswersAsItsSchemaSays() async throws {
        try await Harness.with { harness in
            _ = try await harness.platform.loadDemo()
            let token = try await harness.token(.admin, username: "schema-admin")
            let document = try JSONValue.decode(JSONSerialization.data(withJSONObject: OpenAPIDocument.build(harness.catalog, version: "test")))
            let schemas = document["components"]?["schemas"]?.objectValue ?? [:]
            let operations = harness.catalog.operations.filter {
                $0.method == .get && $0.responseContentType.hasPrefix("application/json") && $0.responseSchema != nil && $0.access != .anonymous
            }
            let checked = try await harness.test { client in
                var checked = 0
                var firstIDs: [String: String] = [:]
                for operation in operations.sorted(by: { $0.pathParameters.count < $1.pathParameters.count }) {
                    var path = operation.path
                    var missing = false
                    for name in operation.pathParameters {
                        let prefix = String(path[..<path.range(of: "{\(name)}")!.lowerBound].dropLast())
                        guard let id = firstIDs[prefix] else { missing = true; break }
                        path = path.replacingOccurrences(of: "{\(name)}", with: id)
                    }
                    if missing { continue }
                    let (status, body) = try await client.execute(uri: path, method: .get, headers: .bearer(token)) {
                        ($0.status, Data(buffer: $0.body))
                    }
                    #expect(status.code == operation.successStatus, "\(path): \(status)")
                    guard status.code == operation.successStatus else { continue }
                    let value = try JSONValue.decode(body)
                    let problems = SchemaCheck(schemas: schemas).check(
                        value, against: .object(["$ref": .string("#/components/schemas/\(operation.responseSchema!)")]),
                        at: path)
                    #expect(problems.isEmpty, "\(operation.operationID) \(path): \(problems.prefix(5))")
                    checked += 1
                    // The first id of a listing, for the operations under it.
                    if operation.pathParameters.isEmpty, let id = value.firstListedID { firstIDs[operation.path] = id }
                }
                return checked
            }
            #expect(checked >= 25, "\(checked) operations checked")
        }
    }
}

extension ResponseSchemaTests {
    /// The check can fail: a wrong type, a missing required field, a value outside an enum and an unknown reference
    /// are each reported with their place.
    @Test func theSchemaCheckReportsWhatIsWrongAndWhere() throws {
        let schemas: [String: JSONValue] = try JSONValue.decode(
            Data(
                """
                {"Thing": {"type": "object", "required": ["id", "state"],
                           "properties": {"id": {"type": "string"}, "state": {"type": "string", "enum": ["open", "closed"]},
                                          "tags": {"type": "array", "items": {"type": "string"}}}}}
                """.utf8)
        ).objectValue!
        let check = SchemaCheck(schemas: schemas)
        let thing = JSONValue.object(["$ref": .string("#/components/schemas/Thing")])
        #expect(check.check(try JSONValue.decode(Data(#"{"id":"a","state":"open","tags":["x"]}"#.utf8)), against: thing, at: "$").isEmpty)
        let problems = check.check(try JSONValue.decode(Data(#"{"id":5,"tags":["x",3]}"#.utf8)), against: thing, at: "$")
        #expect(Set(problems) == ["$: 'state' is required", "$.id: 5.0 is not string", "$.tags[1]: 3.0 is not string"])
        #expect(
            check.check(try JSONValue.decode(Data(#"{"id":"a","state":"lost"}"#.utf8)), against: thing, at: "$") == [
                "$.state: 'lost' is not one of the enum"
            ])
        #expect(
            check.check(.null, against: .object(["$ref": .string("#/components/schemas/Nope")]), at: "$") == [
                "$: unknown schema #/components/schemas/Nope"
            ])
    }
}

/// A JSON document, decoded without Foundation's number/bool ambiguity.
indirect enum JSONValue: Decodable, Equatable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func decode(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    /// A key of an object, or an index of an array (`changed.0.account_id`).
    subscript(_ key: String) -> JSONValue? {
        if case .array(let items) = self, let index = Int(key) { return items.indices.contains(index) ? items[index] : nil }
        return objectValue?[key]
    }
    var objectValue: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var stringValue: String? { if case .string(let value) = self { value } else { nil } }

    /// The `id` of the first object in the first array of a listing.
    var firstListedID: String? {
        guard let object = objectValue else { return nil }
        for (_, value) in object.sorted(by: { $0.key < $1.key }) {
            if case .array(let items) = value, let id = items.first?["id"]?.stringValue { return id }
        }
        return nil
    }
}

/// The part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that Bulwark's document uses.
struct SchemaCheck: Sendable {
    let schemas: [String: JSONValue]

    func check(_ value: JSONValue, against schema: JSONValue, at place: String) -> [String] {
        guard let rules = schema.objectValue else { return [] }
        if let ref = rules["$ref"]?.stringValue {
            guard let target = schemas[String(ref.split(separator: "/").last ?? "")] else { return ["\(place): unknown schema \(ref)"] }
            return check(value, against: target, at: place)
        }
        if case .array(let options) = rules["anyOf"] ?? .null, !options.isEmpty {
            let failures = options.map { check(value, against: $0, at: place) }
            if !failures.contains(where: \.isEmpty) { return ["\(place): matches none of anyOf (\(failures.map { $0.first ?? "" }))"] }
        }
        var problems: [String] = []
        if let type = rules["type"] {
            let allowed: [String] = if case .array(let list) = type { list.compactMap(\.stringValue) } else { [type.stringValue ?? ""] }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                return ["\(place): \(Self.describe(value)) is not \(allowed.joined(separator: " or "))"]
            }
        }
        if case .array(let values) = rules["enum"] ?? .null, !values.contains(value) {
            problems.append("\(place): \(Self.describe(value)) is not one of the enum")
        }
        switch value {
        case .object(let object):
            let properties = rules["properties"]?.objectValue ?? [:]
            if case .array(let required) = rules["required"] ?? .null {
                for name in required.compactMap(\.stringValue) where object[name] == nil { problems.append("\(place): '\(name)' is required") }
            }
            for (key, item) in object {
                if let property = properties[key] {
                    problems += check(item, against: property, at: "\(place).\(key)")
                } else if let extra = rules["additionalProperties"], extra.objectValue != nil {
                    problems += check(item, against: extra, at: "\(place).\(key)")
                } else if rules["additionalProperties"] == .bool(false) {
                    problems.append("\(place): '\(key)' is not in the schema")
                }
            }
        case .array(let items):
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() { problems += check(item, against: itemSchema, at: "\(place)[\(index)]") }
            }
            if case .number(let most) = rules["maxItems"] ?? .null, Double(items.count) > most {
                problems.append("\(place): more than \(Int(most)) items")
            }
        case .string(let text):
            if case .number(let least) = rules["minLength"] ?? .null, Double(text.count) < least {
                problems.append("\(place): shorter than \(Int(least))")
            }
        default:
            break
        }
        return problems
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): "\(number)"
        case .string(let text): "'\(text.prefix(40))'"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
