// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Events (Monitoring): one row per event with its time, host and input as indexed columns, the raw text, and the
    /// flat field map as JSON (JSONB on PostgreSQL). Full-text search: an FTS5 index over `raw` on SQLite (kept in
    /// step by triggers); PostgreSQL matches words with regular expressions over `raw`, served by a pg_trgm index.
    static let m002Events = Migration(version: 2, name: "events") { db, dialect in
        switch dialect {
        case .sqlite:
            try await db.raw(
                """
                CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, ts BIGINT NOT NULL, received BIGINT NOT NULL,
                    host TEXT NOT NULL, input TEXT NOT NULL, raw TEXT NOT NULL, fields TEXT NOT NULL)
                """
            ).run()
            try await db.raw(
                """
                CREATE VIRTUAL TABLE events_fts USING fts5(raw, content='events', content_rowid='seq', tokenize='unicode61 remove_diacritics 0')
                """
            ).run()
            try await db.raw(
                "CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN INSERT INTO events_fts(rowid, raw) VALUES (new.seq, new.raw); END"
            ).run()
            try await db.raw(
                "CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN INSERT INTO events_fts(events_fts, rowid, raw) VALUES ('delete', old.seq, old.raw); END"
            ).run()
        case .postgres:
            try await db.raw(
                """
                CREATE TABLE events (seq BIGSERIAL PRIMARY KEY, ts BIGINT NOT NULL, received BIGINT NOT NULL,
                    host TEXT NOT NULL, input TEXT NOT NULL, raw TEXT NOT NULL, fields JSONB NOT NULL)
                """
            ).run()
        }
        try await db.raw("CREATE INDEX events_ts ON events (ts, seq)").run()
        try await db.raw("CREATE INDEX events_host_ts ON events (host, ts)").run()
        try await db.raw("CREATE INDEX events_input_ts ON events (input, ts)").run()
        if dialect == .postgres {
            // Word and substring searches are regular expressions and LIKE patterns over `raw`: a trigram index serves
            // both. pg_trgm ships with PostgreSQL and is a trusted extension (the database owner may create it);
            // where it is missing, searches still work, by scanning.
            try await db.raw(
                """
                DO $$ BEGIN
                    CREATE EXTENSION IF NOT EXISTS pg_trgm;
                    CREATE INDEX events_raw_trgm ON events USING GIN (raw gin_trgm_ops);
                EXCEPTION WHEN OTHERS THEN
                    RAISE NOTICE 'pg_trgm is not available: word searches scan the events';
                END $$
                """
            ).run()
        }

        try await db.create(table: "event_sources")
            .column("host", type: .text, .notNull)
            .column("input", type: .text, .notNull)
            .column("first_seen", type: .bigint, .notNull)
            .column("last_seen", type: .bigint, .notNull)
            .column("events", type: .bigint, .notNull)
            .column("window_start", type: .bigint, .notNull)
            .column("window_count", type: .bigint, .notNull)
            .column("previous_count", type: .bigint, .notNull)
            .column("silent_since", type: .bigint)
            .primaryKey("host", "input")
            .run()
    }
}
