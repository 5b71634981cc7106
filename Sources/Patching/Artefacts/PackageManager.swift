// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// The tool that upgrades an ecosystem's packages, and how to say so in a shell script and an Ansible task.
/// Every value a command holds is validated (`PackageCoordinates`) and shell-quoted (`Shell.quote`).
public enum PackageManager: String, Sendable, CaseIterable {
    case apt, dnf, apk, pip, npm, go, cargo, bundler, composer, dotnet, maven

    public init?(ecosystem: String) {
        switch ecosystem.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ecosystem {
        case "Debian", "Ubuntu": self = .apt
        case "AlmaLinux", "Rocky Linux", "Red Hat", "RPM": self = .dnf
        case "Alpine": self = .apk
        case "PyPI": self = .pip
        case "npm": self = .npm
        case "Go": self = .go
        case "crates.io": self = .cargo
        case "RubyGems": self = .bundler
        case "Packagist": self = .composer
        case "NuGet": self = .dotnet
        case "Maven": self = .maven
        default: return nil
        }
    }

    /// Go versions carry a `v`; OSV writes them without.
    static func goVersion(_ version: String) -> String { version.hasPrefix("v") ? version : "v" + version }

    /// The command that prints the installed version (empty output when the package is not installed).
    func installedVersion(_ package: String) -> String {
        let p = Shell.quote(package)
        switch self {
        case .apt: return "dpkg-query -W -f='${Version}' \(p) 2>/dev/null || true"
        case .dnf: return "rpm -q --qf '%{EPOCH}:%{VERSION}-%{RELEASE}' \(p) 2>/dev/null | sed 's/^(none)://' || true"
        case .apk: return "apk info -e -v \(p) 2>/dev/null | sed \"s/^\"\(p)\"-//\" || true"
        case .pip: return "\"$PYTHON\" -m pip show \(p) 2>/dev/null | sed -n 's/^Version: //p' || true"
        case .npm: return "npm ls \(p) --depth=0 --json 2>/dev/null | sed -n 's/.*\"version\": *\"\\([^\"]*\\)\".*/\\1/p' | head -n 1 || true"
        case .go: return "go list -m -f '{{.Version}}' \(p) 2>/dev/null || true"
        case .cargo: return "cargo pkgid \(p) 2>/dev/null | sed 's/.*[@#]//' || true"
        case .bundler: return "bundle info \(p) 2>/dev/null | sed -n 's/.*(\\(.*\\)).*/\\1/p' | head -n 1 || true"
        case .composer: return "composer show \(p) 2>/dev/null | sed -n 's/^versions : \\* //p' || true"
        case .dotnet: return "dotnet list package 2>/dev/null | awk -v p=\(p) '$2 == p { print $NF; exit }' || true"
        case .maven:
            return "mvn -q help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null >/dev/null; echo '(see the pom)'"
        }
    }

    /// The command that installs exactly `version`.
    func upgrade(_ package: String, to version: String) -> String {
        let p = Shell.quote(package)
        switch self {
        case .apt: return "apt-get install -y --only-upgrade \(Shell.quote("\(package)=\(version)"))"
        case .dnf: return "dnf install -y \(Shell.quote("\(package)-\(Self.rpmVersion(version))"))"
        case .apk: return "apk add \(Shell.quote("\(package)=\(version)"))"
        case .pip: return "\"$PYTHON\" -m pip install --disable-pip-version-check \(Shell.quote("\(package)==\(version)"))"
        case .npm: return "npm install \(Shell.quote("\(package)@\(version)"))"
        case .go: return "go get \(Shell.quote("\(package)@\(Self.goVersion(version))")) && go mod tidy"
        case .cargo: return "cargo update -p \(p) --precise \(Shell.quote(version))"
        case .bundler: return "bundle update --conservative \(p)"
        case .composer: return "composer require \(Shell.quote("\(package):\(version)"))"
        case .dotnet: return "dotnet add package \(p) --version \(Shell.quote(version))"
        case .maven:
            return "mvn -q versions:use-dep-version -Dincludes=\(Shell.quote(package)) -DdepVersion=\(Shell.quote(version)) -DforceVersion=true"
        }
    }

    /// Whether the installed version can be read exactly, so the script can check it after the upgrade.
    var checksAfter: Bool { [.apt, .dnf, .apk, .pip, .npm, .go].contains(self) }

    /// dnf names `name-version-release` without the epoch.
    static func rpmVersion(_ version: String) -> String {
        guard let colon = version.firstIndex(of: ":"), version[..<colon].allSatisfy(\.isNumber) else { return version }
        return String(version[version.index(after: colon)...])
    }
}

/// POSIX shell quoting.
public enum Shell {
    /// `'…'`, with each `'` written as `'\''`: nothing inside is expanded, substituted or split.
    public static func quote(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
