import BulwarkApp
import Foundation

// The only place that sets up logging: structured lines (or JSON with BULWARK_LOG_FORMAT=json) on standard error.
bootstrapLogging()
exit(await BulwarkCommand.run())
