@_exported import BulwarkCore
