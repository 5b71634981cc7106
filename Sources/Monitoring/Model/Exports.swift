// The event vocabulary shared with Detection (`FieldValue`, `JSONFlattener`) lives in BulwarkCore.
@_exported import BulwarkCore
