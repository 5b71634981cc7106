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
                "events_per_minute": ["type": "number"], "silent_since": nullableTime,
            ]),
            "EventSources": object(["silence_threshold_seconds": ["type": "integer"], "sources": ["type": "array", "items": ref("EventSource")]]),
        ]
    }
}
