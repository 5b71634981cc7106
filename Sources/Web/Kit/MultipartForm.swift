// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import NIOCore

/// A submitted `multipart/form-data` form (RFC 7578): text fields and at most a few files, read whole within a
/// limit, with the CSRF token checked like ``Form``.
struct MultipartForm {
    struct File {
        var name: String
        var fileName: String
        var contentType: String
        var data: Data
    }

    var fields: [String: String] = [:]
    var files: [File] = []

    func text(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    static func read(_ request: Request, session: Session?, limit: Int) async throws -> MultipartForm {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
            let boundaryRange = type.range(of: "boundary=")
        else {
            throw APIError.badRequest("body: expected multipart/form-data with a boundary")
        }
        var boundary = String(type[boundaryRange.upperBound...]).split(separator: ";").first.map(String.init) ?? ""
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !boundary.isEmpty, boundary.count <= 200 else { throw APIError.badRequest("body: bad multipart boundary") }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
            throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "the upload is larger than \(limit) bytes")
        }
        let form = try parse(Data(buffer.readableBytesView), boundary: boundary)
        guard let session, let token = form.fields["_csrf"], Secrets.constantTimeEqual(token, session.csrfToken) else {
            throw APIError(
                status: .forbidden, code: "csrf", message: "the form expired or did not come from this site; reload the page and try again")
        }
        return form
    }

    static func parse(_ body: Data, boundary: String) throws -> MultipartForm {
        let delimiter = Data(("--" + boundary).utf8)
        var form = MultipartForm()
        var ranges: [Range<Data.Index>] = []
        var searchStart = body.startIndex
        while let found = body.range(of: delimiter, in: searchStart..<body.endIndex) {
            ranges.append(found)
            searchStart = found.upperBound
        }
        guard ranges.count >= 2 else { throw APIError.badRequest("body: no multipart parts") }
        for index in 0..<(ranges.count - 1) {
            var start = ranges[index].upperBound
            let end = ranges[index + 1].lowerBound
            // Skip the CRLF after the delimiter; drop the CRLF before the next one.
            if body[start..<min(start + 2, end)] == Data("\r\n".utf8) { start += 2 }
            var partEnd = end
            if partEnd - start >= 2, body[(partEnd - 2)..<partEnd] == Data("\r\n".utf8) { partEnd -= 2 }
            guard let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: start..<partEnd) else { continue }
            let headers = String(decoding: body[start..<headerEnd.lowerBound], as: UTF8.self)
            let content = body[headerEnd.upperBound..<partEnd]
            var name: String?
            var fileName: String?
            var contentType = "application/octet-stream"
            for line in headers.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = parameter("name", in: line)
                    fileName = parameter("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else { continue }
            if let fileName {
                form.files.append(File(name: name, fileName: fileName, contentType: contentType, data: Data(content)))
            } else {
                form.fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
        return form
    }

    private static func parameter(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: "; \(key)=\"") ?? line.range(of: ";\(key)=\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }
}
