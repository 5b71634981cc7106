// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkApp
import Foundation

// The only place that sets up logging: structured lines (or JSON with BULWARK_LOG_FORMAT=json) on standard error.
bootstrapLogging()
exit(await BulwarkCommand.run())
