// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Monitoring

// An event and a search are written the same way by the API and by `bulwark events search` (Monitoring's encoding).
extension StoredEvent: ResponseBody {}
extension EventSearchResult: ResponseBody {}

/// What an ingest committed and the lines it refused (schema `IngestResult`).
struct IngestResultBody: ResponseBody {
    struct LineError: Encodable, Sendable {
        var line: Int
        var message: String
    }

    var accepted: Int
    var rejected: Int
    /// The first 1,000 refused lines.
    var errors: [LineError]

    init(accepted: Int, rejected: [IngestRejection]) {
        self.accepted = accepted
        self.rejected = rejected.count
        errors = rejected.prefix(1000).map { LineError(line: $0.line, message: $0.message) }
    }
}

/// The Elasticsearch bulk API's answer: one item per action, as Elasticsearch writes it (schema `ElasticsearchBulkResult`).
struct ElasticsearchBulkBody: ResponseBody {
    struct ItemResult: Encodable, Sendable {
        struct Failure: Encodable, Sendable {
            var type: String
            var reason: String
        }
        struct Shards: Encodable, Sendable {
            var total = 1
            var successful = 1
            var failed = 0
        }

        var index: String
        var id: String
        var status: Int
        var error: Failure?
        var result: String?
        var version: Int?
        var shards: Shards?
        var seqNo: Int?
        var primaryTerm: Int?

        enum CodingKeys: String, CodingKey {
            case index = "_index", id = "_id", status, error, result, version = "_version", shards = "_shards", seqNo = "_seq_no"
            case primaryTerm = "_primary_term"
        }

        /// An item refused (`error`) or created.
        init(index: String, id: String, status: Int, error: Failure?) {
            self.index = index
            self.id = id
            self.status = status
            self.error = error
            if error == nil {
                result = "created"
                version = 1
                shards = Shards()
                seqNo = 0
                primaryTerm = 1
            }
        }
    }

    var took: Int
    var errors: Bool
    /// Each item one key, its action (`index` or `create`).
    var items: [[String: ItemResult]]
}

/// Elasticsearch's error for a body it cannot read (schema `ElasticsearchError`).
struct ElasticsearchErrorBody: ResponseBody {
    struct Cause: Encodable, Sendable {
        var type: String
        var reason: String
    }
    struct Failure: Encodable, Sendable {
        var rootCause: [Cause]
        var type: String
        var reason: String
    }

    var error: Failure
    var status: Int

    init(type: String, reason: String, status: Int) {
        error = Failure(rootCause: [Cause(type: type, reason: reason)], type: type, reason: reason)
        self.status = status
    }
}

/// What Elasticsearch answers to `GET /`, for the shippers that check the version first.
struct ElasticsearchInfoBody: ResponseBody {
    struct Version: Encodable, Sendable {
        var number: String
        var buildFlavor = "default"
        var buildType = "bulwark"
        var luceneVersion = "9.8.0"
        var minimumWireCompatibilityVersion = "7.17.0"
        var minimumIndexCompatibilityVersion = "7.0.0"
    }

    var name = "bulwark"
    var clusterName = "bulwark"
    var clusterUuid = "bulwark"
    var version: Version
    var tagline = "You Know, for Search"
}

/// A Splunk HTTP Event Collector answer: its text and code (schema `SplunkHECResult`).
struct SplunkHECBody: ResponseBody {
    var text: String
    var code: Int
    var invalidEventNumber: Int?

    enum CodingKeys: String, CodingKey {
        case text, code, invalidEventNumber = "invalid-event-number"
    }

    static let success = SplunkHECBody(text: "Success", code: 0)
}

/// Matching events per time bucket (schema `EventHistogram`).
struct EventHistogramBody: ResponseBody {
    struct Bucket: Encodable, Sendable {
        var start: Date
        var count: Int
    }

    var intervalSeconds: Double
    var from: Date
    var to: Date
    var buckets: [Bucket]
}

/// A host and input seen (schema `EventSource`).
struct EventSourceBody: ResponseBody {
    var host: String
    var input: String
    var firstSeen: Date
    var lastSeen: Date
    var events: Int64
    var eventsPerMinute: Double
    var averagePerDay: Double
    @Nullable var silentSince: Date?

    init(_ source: EventSource) {
        host = source.host
        input = source.input
        firstSeen = source.firstSeen
        lastSeen = source.lastSeen
        events = source.events
        eventsPerMinute = source.eventsPerMinute
        averagePerDay = (source.averagePerDay * 10).rounded() / 10
        silentSince = source.silentSince
    }
}

/// A saved event search (schema `SavedSearch`).
struct SavedSearchBody: ResponseBody {
    var id: String
    var owner: String
    var name: String
    var query: String
    var range: String
    var shared: Bool
    var createdAt: Date

    init(_ search: SavedSearch) {
        id = search.id
        owner = search.owner
        name = search.name
        query = search.query
        range = search.range
        shared = search.shared
        createdAt = search.createdAt
    }
}

/// The caller's saved searches and the shared ones (schema `SavedSearchList`).
struct SavedSearchListBody: ResponseBody {
    var searches: [SavedSearchBody]
}

/// Every source and the silence that flags one (schema `EventSources`).
struct EventSourcesBody: ResponseBody {
    var silenceThresholdSeconds: Int
    var sources: [EventSourceBody]
}

extension OpenAPISchemas {
    /// Ingest (Bulwark, Elasticsearch bulk, Splunk HEC) and events.
    static var monitoring: [String: Any] {
        return [
            "IngestResult": object(
                [
                    "accepted": ["type": "integer"], "rejected": ["type": "integer"],
                    "errors": ["type": "array", "items": object(["line": ["type": "integer"], "message": string])],
                ],
                required: ["accepted", "rejected", "errors"]),
            "ElasticsearchBulkResult": object([
                "took": ["type": "integer"], "errors": boolean,
                "items": ["type": "array", "items": ["type": "object", "description": "{action: {_index, _id, status, result | error}}"]],
            ]),
            "SplunkHECEvent": object(
                [
                    "event": ["description": "the event: text or an object"], "time": ["type": "number", "description": "epoch seconds"],
                    "host": string, "source": string, "sourcetype": string, "index": string, "fields": ["type": "object"],
                ],
                required: ["event"]),
            "SplunkHECResult": object(
                ["text": string, "code": ["type": "integer"], "invalid-event-number": ["type": "integer"]], required: ["text", "code"]),
            "ElasticsearchError": object(
                [
                    "error": object(["root_cause": ["type": "array", "items": ["type": "object"]], "type": string, "reason": string]),
                    "status": ["type": "integer"],
                ], required: ["error", "status"]),
            // The shipper endpoints answer in their protocol's own form, except where Bulwark refuses first (credentials, gzip, size).
            "ElasticsearchBulkError": ["anyOf": [ref("Error"), ref("ElasticsearchError")]],
            "ElasticsearchBulkBusy": ["anyOf": [ref("Error"), ref("ElasticsearchBulkResult")]],
            "SplunkHECError": ["anyOf": [ref("Error"), ref("SplunkHECResult")]],
            "Event": object([
                "id": ["type": "integer"], "@timestamp": time, "received": time, "host": string, "input": string, "raw": string,
                "fields": ["type": "object", "description": "flat map: original fields (dotted names) and ECS fields"],
            ]),
            "EventSearch": object(
                [
                    "total": ["type": "integer", "description": "exact number of matching events in the time range"],
                    "events": ["type": "array", "items": ref("Event")], "next": ["type": ["string", "null"]],
                ],
                required: ["total", "events", "next"]),
            "EventHistogram": object([
                "interval_seconds": ["type": "number"], "from": time, "to": time,
                "buckets": ["type": "array", "items": object(["start": time, "count": ["type": "integer"]])],
            ]),
            "EventSource": object([
                "host": string, "input": string, "first_seen": time, "last_seen": time, "events": ["type": "integer"],
                "events_per_minute": ["type": "number", "description": "in the last complete five minutes"],
                "average_per_day": ["type": "number", "description": "between the first and the last event received (over at least a day)"],
                "silent_since": ["type": ["string", "null"], "format": "date-time", "description": "its last event, once silent"],
            ]),
            "SavedSearch": object([
                "id": string, "owner": string, "name": string, "query": string, "range": enumeration(SavedSearch.ranges), "shared": boolean,
                "created_at": time,
            ]),
            "SavedSearchList": object(["searches": ["type": "array", "items": ref("SavedSearch")]]),
            "SavedSearchInput": object(
                [
                    "name": ["type": "string", "minLength": 1, "maxLength": 100], "query": string, "range": enumeration(SavedSearch.ranges),
                    "shared": boolean,
                ], required: ["name", "query"]),
            "EventExport": ["type": "string", "description": "NDJSON: one Event per line; CSV: the header line then one line per event"],
            "EventSources": object(["silence_threshold_seconds": ["type": "integer"], "sources": ["type": "array", "items": ref("EventSource")]]),
        ]
    }
}
