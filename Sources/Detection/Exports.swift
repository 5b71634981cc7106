// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

// The event vocabulary (`FieldValue`) is BulwarkCore's.
@_exported import BulwarkCore
