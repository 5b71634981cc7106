// Shared vocabulary (Severity, AuditLog, WallClock, Page) is BulwarkCore's.
@_exported import BulwarkCore
