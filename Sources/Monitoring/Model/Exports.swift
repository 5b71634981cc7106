// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

// The event vocabulary shared with Detection (`FieldValue`, `JSONFlattener`) lives in BulwarkCore.
@_exported import BulwarkCore
