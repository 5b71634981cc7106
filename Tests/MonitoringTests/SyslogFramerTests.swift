// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Monitoring

@Suite struct SyslogFramerTests {
    func texts(_ frames: [SyslogFramer.Frame]) -> [String] { frames.map { String(decoding: $0.bytes, as: UTF8.self) } }

    @Test func lineFramingSeveralPerReadAndSplitAcrossReads() {
        var framer = SyslogFramer()
        #expect(texts(framer.push(Array("<13>one\n<13>two\r\n<13>thr".utf8))) == ["<13>one", "<13>two"])
        #expect(texts(framer.push(Array("ee\n".utf8))) == ["<13>three"])
        #expect(framer.pending == 0)
    }

    @Test func octetCountingSplitAnywhere() {
        let message = "<13>1 - h app - - - hello\nworld"
        let next = "<13>1 - h app - - - next"
        let stream = Array("\(message.utf8.count) \(message)\(next.utf8.count) \(next)".utf8)
        // Every split point of the stream yields the same two messages.
        for split in 0...stream.count {
            var framer = SyslogFramer()
            let frames = framer.push(stream[..<split]) + framer.push(stream[split...])
            #expect(texts(frames) == [message, "<13>1 - h app - - - next"], "split at \(split)")
        }
    }

    @Test func framingIsRecognisedPerFrame() {
        var framer = SyslogFramer()
        let frames = framer.push(Array("9 <13>hello<13>line framed\n5 <13>x".utf8))
        #expect(texts(frames) == ["<13>hello", "<13>line framed", "<13>x"])
    }

    @Test func aLineThatStartsWithANumberIsNotACount() {
        var framer = SyslogFramer()
        #expect(texts(framer.push(Array("404 not found\n".utf8))) == ["404 not found"])
    }

    @Test func longMessagesAreCutAndTheRestSkipped() {
        var framer = SyslogFramer(maximumLength: 10)
        let lf = framer.push(Array("<13>0123456789ABCDEF\n<13>ok\n".utf8))
        #expect(texts(lf) == ["<13>012345", "<13>ok"])
        #expect(lf.map(\.truncated) == [true, false])
        var counted = SyslogFramer(maximumLength: 10)
        let body = "<13>0123456789ABCDEF"
        let frames = counted.push(Array("\(body.utf8.count) \(body)".utf8)) + counted.push(Array("6 <13>ok".utf8))
        #expect(texts(frames) == ["<13>012345", "<13>ok"])
        #expect(frames.map(\.truncated) == [true, false])
    }

    @Test func finishReturnsAnUnterminatedLastLine() {
        var framer = SyslogFramer()
        #expect(framer.push(Array("<13>last words".utf8)).isEmpty)
        #expect(framer.finish().map { String(decoding: $0.bytes, as: UTF8.self) } == "<13>last words")
        #expect(framer.finish() == nil)
    }
}

@Suite struct DatagramFrameTests {
    @Test func datagramsAreTrimmedAndCut() {
        #expect(SyslogFramer.Frame.datagram(Array("<13>hi\r\n\0".utf8), maximumLength: 100) == .init(bytes: Array("<13>hi".utf8), truncated: false))
        #expect(SyslogFramer.Frame.datagram(Array("<13>0123456789".utf8), maximumLength: 8) == .init(bytes: Array("<13>0123".utf8), truncated: true))
        #expect(SyslogFramer.Frame.datagram(Array("\n\0".utf8), maximumLength: 8) == nil)
        let event = Normaliser().syslog(.init(bytes: Array("<13>0123".utf8), truncated: true), input: "syslog-udp", received: .now, peer: "192.0.2.1")
        #expect(event.fields["bulwark.truncated"] == .bool(true))
    }
}
