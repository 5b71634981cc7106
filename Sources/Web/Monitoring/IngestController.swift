// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Monitoring
import HTTPTypes
import NIOCore

/// The HTTP ingest endpoints: Bulwark's own (`POST /api/v1/ingest`), the Elasticsearch bulk API and the Splunk HTTP
/// Event Collector, so that existing shippers send without new software. Each answers only after its events are
/// committed; a bad line or item is rejected alone.
struct IngestController {
    let monitoring: MonitoringService
    let clock: any WallClock
    let ingestMetrics: InputMetrics
    let bulkMetrics: InputMetrics
    let hecMetrics: InputMetrics

    init(monitoring: MonitoringService, clock: any WallClock) {
        self.monitoring = monitoring
        self.clock = clock
        ingestMetrics = InputMetrics(input: "http", factory: monitoring.metrics)
        bulkMetrics = InputMetrics(input: "elasticsearch", factory: monitoring.metrics)
        hecMetrics = InputMetrics(input: "splunk-hec", factory: monitoring.metrics)
    }

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .post, path: "/api/v1/ingest", operationID: "ingestEvents",
                summary:
                    "Ingest events: NDJSON or a JSON array of objects (or strings holding log lines); gzip bodies accepted. Answers after the events are committed",
                tag: "Events", access: .permission(.eventsIngest),
                requestSchema: "NDJSON or JSON array of events", requestContentType: "application/x-ndjson",
                responseSchema: "IngestResult", busy: .init(503, "Error"))
        ) { request, _ in
            let bytes = try await body(request)
            try await admit(IngestBodyCount.jsonArrayOrLines(bytes))
            let received = clock.now()
            let decoded: (events: [Event], rejected: [IngestRejection])
            do {
                decoded = try monitoring.ingestDecoder.decode(bytes, input: "http", received: received)
            } catch {
                ingestMetrics.rejected.increment()
                throw APIError.badRequest("body: \(error)")
            }
            ingestMetrics.received.increment(by: decoded.events.count)
            ingestMetrics.rejected.increment(by: decoded.rejected.count)
            try await submit(decoded.events, overloadStatus: .serviceUnavailable)
            return try JSONResponse.make(IngestResultBody(accepted: decoded.events.count, rejected: decoded.rejected))
        }

        let bulk: @Sendable (Request, AuthedContext) async throws -> Response = { request, context in
            let start = ContinuousClock.now
            let bytes = try await body(request, overloadStatus: .tooManyRequests)
            // Each item is an action line and (for index/create) a document line.
            try await admit((IngestBodyCount.lines(bytes) + 1) / 2, overloadStatus: .tooManyRequests)
            let decoded: (events: [Event], items: [ElasticBulkDecoder.Item])
            do {
                decoded = try monitoring.bulkDecoder.decode(
                    bytes, defaultIndex: context.parameters.get("index"), received: clock.now(),
                    newID: { Identifier.make() })
            } catch let error as ElasticBulkDecoder.BodyError {
                bulkMetrics.rejected.increment()
                return try JSONResponse.make(
                    ElasticsearchErrorBody(type: "illegal_argument_exception", reason: error.description, status: 400), status: .badRequest)
            }
            bulkMetrics.received.increment(by: decoded.events.count)
            bulkMetrics.rejected.increment(by: decoded.items.count - decoded.events.count)
            do {
                try await submit(decoded.events, overloadStatus: .tooManyRequests)
            } catch let error as APIError where error.status == .tooManyRequests || error.status == .serviceUnavailable {
                // As Elasticsearch does when its write queue is full: 429 for the items, which shippers retry.
                let full = ElasticsearchBulkBody.ItemResult.Failure(
                    type: "es_rejected_execution_exception", reason: "the ingest queue is full; retry later")
                let items = decoded.items.map { [$0.action: ElasticsearchBulkBody.ItemResult(index: $0.index, id: $0.id, status: 429, error: full)] }
                var response = try JSONResponse.make(ElasticsearchBulkBody(took: 0, errors: true, items: items), status: .tooManyRequests)
                response.headers[.retryAfter] = String(error.retryAfter ?? 1)
                return response
            }
            let items = decoded.items.map { item in
                let failure = item.errorType.map { ElasticsearchBulkBody.ItemResult.Failure(type: $0, reason: item.errorReason ?? "") }
                return [item.action: ElasticsearchBulkBody.ItemResult(index: item.index, id: item.id, status: item.status, error: failure)]
            }
            let took = Int((ContinuousClock.now - start).nanoseconds / 1_000_000)
            var response = try JSONResponse.make(ElasticsearchBulkBody(took: took, errors: items.count != decoded.events.count, items: items))
            response.headers[.elasticProduct] = "Elasticsearch"
            return response
        }
        routes.add(
            .init(
                method: .post, path: "/_bulk", operationID: "elasticsearchBulk",
                summary: "Elasticsearch bulk API (index/create actions), for Beats, Logstash, Fluent Bit, Vector",
                tag: "Events", access: .permission(.eventsIngest),
                requestSchema: "Elasticsearch bulk NDJSON", requestContentType: "application/x-ndjson", responseSchema: "ElasticsearchBulkResult",
                errorSchema: "ElasticsearchBulkError", busy: .init(429, "ElasticsearchBulkBusy")), bulk)
        routes.add(
            .init(
                method: .post, path: "/{index}/_bulk", operationID: "elasticsearchIndexBulk",
                summary: "Elasticsearch bulk API with a default index", tag: "Events", access: .permission(.eventsIngest),
                requestSchema: "Elasticsearch bulk NDJSON", requestContentType: "application/x-ndjson", responseSchema: "ElasticsearchBulkResult",
                errorSchema: "ElasticsearchBulkError", busy: .init(429, "ElasticsearchBulkBusy")), bulk)

        let hecEvent: @Sendable (Request, AuthedContext) async throws -> Response = { request, _ in
            try await Self.answeringBusyAsHEC {
                let bytes = try await body(request)
                try await admit(IngestBodyCount.concatenatedObjects(bytes))
                let (events, failure) = monitoring.hecDecoder.decodeEvents(bytes, received: clock.now())
                // A batch answered 400 stores none of its events: the client resends the whole batch once it is mended,
                // and storing the good part now would store it twice.
                if let failure {
                    hecMetrics.rejected.increment()
                    let body = SplunkHECBody(text: failure.text, code: failure.code, invalidEventNumber: failure.invalidEventNumber)
                    return try JSONResponse.make(body, status: .badRequest)
                }
                hecMetrics.received.increment(by: events.count)
                try await submit(events, overloadStatus: .serviceUnavailable)
                return try JSONResponse.make(SplunkHECBody.success)
            }
        }
        for path in ["/services/collector", "/services/collector/event", "/services/collector/event/1.0"] {
            routes.add(
                .init(
                    method: .post, path: path,
                    operationID: path == "/services/collector" ? "splunkHEC" : (path.hasSuffix("1.0") ? "splunkHECEventV1" : "splunkHECEvent"),
                    summary: "Splunk HTTP Event Collector: JSON event objects, one after another", tag: "Events",
                    access: .permission(.eventsIngest), requestSchema: "SplunkHECEvent", responseSchema: "SplunkHECResult",
                    errorSchema: "SplunkHECError", busy: .init(503, "SplunkHECResult")), hecEvent)
        }
        routes.add(
            .init(
                method: .post, path: "/services/collector/raw", operationID: "splunkHECRaw",
                summary: "Splunk HTTP Event Collector raw endpoint: log lines; host, source, sourcetype from the query",
                tag: "Events", access: .permission(.eventsIngest),
                query: [.init("host", "host of the events"), .init("source", "source of the events"), .init("sourcetype", "source type")],
                requestSchema: "log lines", requestContentType: "text/plain", responseSchema: "SplunkHECResult", errorSchema: "SplunkHECError",
                busy: .init(503, "SplunkHECResult"))
        ) { request, _ in
            try await Self.answeringBusyAsHEC {
                let bytes = try await body(request)
                try await admit(IngestBodyCount.lines(bytes))
                var metadata: [String: String] = [:]
                for name in ["host", "source", "sourcetype", "index"] { if let value = request.queryString(name) { metadata[name] = value } }
                let events = monitoring.hecDecoder.decodeRaw(bytes, metadata: metadata, received: clock.now())
                if events.isEmpty { return try JSONResponse.make(SplunkHECBody(text: "No data", code: 5), status: .badRequest) }
                hecMetrics.received.increment(by: events.count)
                try await submit(events, overloadStatus: .serviceUnavailable)
                return try JSONResponse.make(SplunkHECBody.success)
            }
        }
        routes.addAnonymous(
            .init(
                method: .get, path: "/services/collector/health", operationID: "splunkHECHealth",
                summary: "Splunk HTTP Event Collector health", tag: "Events", access: .anonymous,
                responseSchema: "SplunkHECResult")
        ) { _, _ in
            try JSONResponse.make(SplunkHECBody(text: "HEC is healthy", code: 17))
        }
    }

    /// What Elasticsearch answers to `GET /`: shippers check the version (and, since 7.14, the product header) first.
    static func elasticsearchInfo(_ context: WebContext) throws -> Response {
        guard let principal = context.principal else { throw APIError.unauthenticated }
        guard principal.can(.eventsIngest) else {
            throw APIError(status: .forbidden, code: "forbidden", message: "needs the events.ingest permission")
        }
        var response = try JSONResponse.make(ElasticsearchInfoBody(version: .init(number: elasticsearchVersion)))
        response.headers[.elasticProduct] = "Elasticsearch"
        return response
    }

    /// The Elasticsearch version Bulwark's bulk endpoint speaks for.
    static let elasticsearchVersion = "8.11.0"

    /// Runs a HEC handler, answering a full queue (before or after decoding) as HEC does.
    static func answeringBusyAsHEC(_ work: () async throws -> Response) async throws -> Response {
        do {
            return try await work()
        } catch let error as APIError where error.status == .serviceUnavailable {
            return try hecBusy(error)
        }
    }

    /// HEC's answer when the queue is full: code 9, which HEC clients retry.
    static func hecBusy(_ error: APIError) throws -> Response {
        var response = try JSONResponse.make(SplunkHECBody(text: "Server is busy", code: 9), status: .serviceUnavailable)
        response.headers[.retryAfter] = String(error.retryAfter ?? 1)
        return response
    }

    /// Refuses a body of more events than one request may hold (413), or than the queue has room for now (503),
    /// before it is decoded.
    private func admit(_ count: Int, overloadStatus: HTTPResponse.Status = .serviceUnavailable) async throws {
        let limit = monitoring.settings.maximumEventsPerRequest
        guard count <= limit else {
            throw APIError(
                status: .contentTooLarge, code: "too_many_events",
                message: "body: \(count) events; one request may hold at most \(limit) (send them in several requests)")
        }
        guard await monitoring.pipeline.hasRoom(for: count) else { throw APIError.ingestOverloaded(overloadStatus) }
    }

    /// The body, decompressed when sent with `Content-Encoding: gzip` (or gzip bytes without the header), within the limits.
    /// A full queue is answered before the body is read or inflated.
    private func body(_ request: Request, overloadStatus: HTTPResponse.Status = .serviceUnavailable) async throws -> [UInt8] {
        guard await monitoring.pipeline.hasRoom(for: 1) else { throw APIError.ingestOverloaded(overloadStatus) }
        let buffer = try await request.bytes(limit: monitoring.settings.maximumBodyBytes)
        let bytes = Array(buffer.readableBytesView)
        let encoding = request.headers[.contentEncoding]?.lowercased() ?? ""
        guard encoding.contains("gzip") || encoding.contains("deflate") || Gunzip.isGzip(bytes) else {
            if !encoding.isEmpty && encoding != "identity" {
                throw APIError(
                    status: .unsupportedMediaType, code: "unsupported_encoding", message: "Content-Encoding: \(encoding) is not supported (use gzip)")
            }
            return bytes
        }
        do {
            return try Gunzip.decompress(bytes, limit: monitoring.settings.maximumDecompressedBytes)
        } catch Gunzip.Failure.tooLarge(let limit) {
            throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "body: decompressed, it is larger than \(limit) bytes")
        } catch {
            throw APIError.badRequest("body: \(error)")
        }
    }

    /// Commits the events, or answers the status that tells a shipper to come back later.
    private func submit(_ events: [Event], overloadStatus: HTTPResponse.Status) async throws {
        do {
            try await monitoring.pipeline.submit(events)
        } catch IngestError.overloaded(let retryAfter) {
            throw APIError(
                status: overloadStatus, code: "overloaded", message: "the ingest queue is full; retry in \(retryAfter) s", retryAfter: retryAfter)
        } catch IngestError.stopping {
            throw APIError(status: .serviceUnavailable, code: "stopping", message: "the server is shutting down; retry shortly", retryAfter: 5)
        } catch IngestError.storeFailed(let reason) {
            throw APIError(
                status: .serviceUnavailable, code: "store_failed", message: "the events could not be stored (\(reason)); retry", retryAfter: 5)
        }
    }
}

extension HTTPField.Name {
    static let elasticProduct = Self("X-Elastic-Product")!
}

extension APIError {
    /// The ingest queue is full: the client retries (503 with Retry-After; the bulk and HEC endpoints translate it).
    static func ingestOverloaded(_ status: HTTPResponse.Status) -> APIError {
        APIError(status: status, code: "overloaded", message: "the ingest queue is full; retry in 1 s", retryAfter: 1)
    }
}
