// The event vocabulary (`FieldValue`) is BulwarkCore's.
@_exported import BulwarkCore
