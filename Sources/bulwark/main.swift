import BulwarkApp
import Foundation
import Logging

// The only place that sets up logging: structured lines on standard error.
LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
exit(await BulwarkCommand.run())
