import AccessControl
import ArgumentParser
import Detection
import Incidents
import BulwarkCore
import Collectors
import Foundation
import Vulnerabilities
import Hummingbird
import Logging
import ServiceLifecycle

/// `bulwark serve`: the server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Bulwark server: web UI, JSON API and background jobs.",
        discussion: """
            There are no default credentials. On an empty database, create the first admin with
              bulwark admin create-user --username NAME --role admin
            or start once with BULWARK_BOOTSTRAP_ADMIN_PASSWORD set (username: BULWARK_BOOTSTRAP_ADMIN_USERNAME, default admin).
            SIGTERM or SIGINT stops the server gracefully: requests in flight finish, then the database closes.

            Detection: the Sigma rules of --rules (default DATA/rules) and the threat-intelligence indicators run over
            every event as it is stored; matches become alerts (/alerts), sent to --webhook and --alert-email.

            Incident response: cases (/incidents) with the bundled playbooks and those of --playbooks; --case-automation
            opens cases from alerts; --response-actions are the HTTP actions a case can run. Evidence files are kept
            in DATA/evidence.
            """)

    @OptionGroup var storage: StorageOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let settings = try server.settings(storage: storage.settings(Environment()), environment: Environment())
        try await Server.run(settings: settings, environment: Environment(), banner: nil)
    }
}

/// Flags of the server, shared by `serve` and `demo`.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Address to listen on (default 127.0.0.1:8080; env BULWARK_HTTP).", valueName: "HOST:PORT"))
    var http: String?

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (default info; env BULWARK_LOG_LEVEL).", valueName: "LEVEL"))
    var logLevel: String?

    @Flag(name: .long, help: "Mark cookies Secure: set when users reach Bulwark over HTTPS (env BULWARK_SECURE_COOKIES).")
    var secureCookies = false

    @Flag(name: .long, help: "Serve /metrics without credentials, for a scraper on a trusted network (env BULWARK_PUBLIC_METRICS).")
    var publicMetrics = false

    @Flag(name: .long, help: "Admins must set up TOTP two-factor authentication before anything else (env BULWARK_REQUIRE_ADMIN_MFA).")
    var requireAdminMfa = false

    @Option(name: .long, help: ArgumentHelp("Receive syslog over UDP, e.g. 0.0.0.0:514 (off by default; env BULWARK_SYSLOG_UDP).", valueName: "HOST:PORT"))
    var syslogUdp: String?

    @Option(name: .long, help: ArgumentHelp("Receive syslog over TCP, LF or octet-counted framing (off by default; env BULWARK_SYSLOG_TCP).", valueName: "HOST:PORT"))
    var syslogTcp: String?

    @Option(name: .long, help: ArgumentHelp("Receive syslog over TLS (RFC 5425); needs --tls-cert and --tls-key (off by default; env BULWARK_SYSLOG_TLS).", valueName: "HOST:PORT"))
    var syslogTls: String?

    @Option(name: .long, help: ArgumentHelp("PEM certificate chain for --syslog-tls (env BULWARK_TLS_CERT).", valueName: "FILE"))
    var tlsCert: String?

    @Option(name: .long, help: ArgumentHelp("PEM private key for --syslog-tls (env BULWARK_TLS_KEY).", valueName: "FILE"))
    var tlsKey: String?

    @Option(name: .long, help: ArgumentHelp("Longest syslog message kept, in bytes; longer ones are cut and flagged (default 65536; env BULWARK_SYSLOG_MAX_MESSAGE).", valueName: "BYTES"))
    var syslogMaxMessage: Int?

    @Option(name: .long, help: ArgumentHelp("Delete events older than this, e.g. 90d (default: keep; env BULWARK_RETENTION).", valueName: "DURATION"))
    var retention: String?

    @Option(name: .long, help: ArgumentHelp("Delete the oldest events while they take more than this, e.g. 20GB (default: no limit; env BULWARK_RETENTION_SIZE).", valueName: "SIZE"))
    var retentionSize: String?

    @Option(name: .long, help: ArgumentHelp("Notify when a log source sends nothing for this long (default 1h; env BULWARK_SOURCE_SILENCE).", valueName: "DURATION"))
    var sourceSilence: String?

    @Option(name: .long, help: ArgumentHelp("Sigma rule file or directory, repeatable (default: DATA/rules when it exists; env BULWARK_RULES, separated by ':').", valueName: "PATH"))
    var rules: [String] = []

    @Option(name: .long, help: ArgumentHelp("YAML adding logsource mappings, field names and |expand placeholders to the defaults (env BULWARK_DETECTION_CONFIG).", valueName: "FILE"))
    var detectionConfig: String?

    @Option(name: .long, help: ArgumentHelp("Run only rules at or above this level: informational, low, medium, high, critical (env BULWARK_RULE_MIN_LEVEL).", valueName: "LEVEL"))
    var ruleMinLevel: String?

    @Option(name: .long, help: ArgumentHelp("Run only rules with this tag or tag prefix, e.g. attack.t1059 (repeatable; env BULWARK_RULE_TAGS, comma-separated).", valueName: "TAG"))
    var ruleTag: [String] = []

    @Option(name: .long, help: ArgumentHelp("Do not run rules whose path contains this, e.g. rules-threat-hunting/ (repeatable; env BULWARK_RULE_EXCLUDE, comma-separated).", valueName: "TEXT"))
    var ruleExclude: [String] = []

    @Option(name: .long, help: ArgumentHelp("Matches of one rule for the same host and user within this window grow one alert (default 1h; env BULWARK_ALERT_GROUPING).", valueName: "DURATION"))
    var alertGrouping: String?

    @Option(name: .customLong("vuln-sla"), help: ArgumentHelp("Days to fix a finding by severity, e.g. critical=7,high=30 (default critical=15,high=30,medium=90,low=180; KEV items are due by CISA's date when sooner; env BULWARK_VULN_SLA).", valueName: "LIST"))
    var vulnSLA: String?

    @Option(name: .long, help: ArgumentHelp("POST each new alert as JSON to this URL, signed with HMAC-SHA256 (X-Bulwark-Signature) using the secret in env BULWARK_WEBHOOK_SECRET; repeatable (env BULWARK_WEBHOOK_URL).", valueName: "URL"))
    var webhook: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only alerts at or above this severity go to webhooks (default medium; env BULWARK_WEBHOOK_MIN_SEVERITY).", valueName: "LEVEL"))
    var webhookMinSeverity: String?

    @Option(name: .long, help: ArgumentHelp("SMTP server for alert mail: smtp://relay:25, or smtps://user:password@host:465 (env BULWARK_SMTP_URL).", valueName: "URL"))
    var smtp: String?

    @Option(name: .long, help: ArgumentHelp("Mail new alerts to this address, repeatable; needs --smtp (env BULWARK_ALERT_EMAIL, comma-separated).", valueName: "ADDRESS"))
    var alertEmail: [String] = []

    @Option(name: .long, help: ArgumentHelp("Sender of alert and case mail (default bulwark@HOSTNAME; env BULWARK_MAIL_FROM).", valueName: "ADDRESS"))
    var mailFrom: String?

    @Option(name: .long, help: ArgumentHelp("Only alerts at or above this severity are mailed (default high; env BULWARK_EMAIL_MIN_SEVERITY).", valueName: "LEVEL"))
    var emailMinSeverity: String?

    @Option(name: .customLong("case-sla"), help: ArgumentHelp("Case targets by severity: time to acknowledge/time to resolve, e.g. critical=15m/24h,high=1h/3d (default critical=15m/24h, high=1h/72h, medium=4h/7d, low=24h/30d, informational=72h/90d; env BULWARK_CASE_SLA).", valueName: "LIST"))
    var caseSla: String?
    @Option(name: .customLong("pci-deadline"), help: ArgumentHelp("Time to notify card brands and acquirer of a cardholder-data breach, as your incident response plan says (default 24h; env BULWARK_PCI_DEADLINE). GDPR (72h) and HIPAA (60d) are fixed by law.", valueName: "DURATION"))
    var pciDeadline: String?
    @Option(name: .long, help: ArgumentHelp("Directory of your own playbook YAML files, added to the bundled ones (default DATA/playbooks; env BULWARK_PLAYBOOKS).", valueName: "DIR"))
    var playbooks: String?
    @Option(name: .customLong("case-automation"), help: ArgumentHelp("YAML rules that open or extend cases from new alerts, apply playbooks, assign and notify (env BULWARK_CASE_AUTOMATION).", valueName: "FILE"))
    var caseAutomation: String?
    @Option(name: .customLong("response-actions"), help: ArgumentHelp("YAML file of HTTP response actions analysts can run from a case (block an IP, disable an account…), optionally with a second person's approval (env BULWARK_RESPONSE_ACTIONS).", valueName: "FILE"))
    var responseActions: String?
    @OptionGroup(title: "Limits") var limits: LimitOptions

    @Option(name: .customLong("evidence-max-size"), help: ArgumentHelp("Largest evidence file accepted, e.g. 100MB (default 100MB; env BULWARK_EVIDENCE_MAX_SIZE).", valueName: "SIZE"))
    var evidenceMaxSize: String?

    func settings(storage: StorageSettings, environment: Environment) throws -> ServerSettings {
        var settings = ServerSettings()
        settings.storage = storage
        let address = try ServerSettings.parseAddress(http ?? environment["BULWARK_HTTP"] ?? "127.0.0.1:8080", flag: "--http")
        settings.host = address.host
        settings.port = address.port
        let level = logLevel ?? environment["BULWARK_LOG_LEVEL"] ?? "info"
        guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
            throw InputError("--log-level: '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        settings.logLevel = parsed
        do {
            settings.secureCookies = try secureCookies || (environment.flag("BULWARK_SECURE_COOKIES") ?? false)
            settings.publicMetrics = try publicMetrics || (environment.flag("BULWARK_PUBLIC_METRICS") ?? false)
            settings.policy.requireMFAForAdmins = try requireAdminMfa || (environment.flag("BULWARK_REQUIRE_ADMIN_MFA") ?? false)
            try monitoringSettings(&settings, environment: environment)
            try limits.apply(to: &settings, environment: environment)
            try detectionSettings(&settings, environment: environment)
            try incidentSettings(&settings, environment: environment)
        } catch let error as SettingsError {
            throw InputError(error.description)
        }
        return settings
    }

    private func detectionSettings(_ settings: inout ServerSettings, environment: Environment) throws {
        settings.detection.rulePaths = rules.isEmpty ? (environment["BULWARK_RULES"]?.split(separator: ":").map(String.init) ?? []) : rules
        settings.detection.mappingFile = detectionConfig ?? environment["BULWARK_DETECTION_CONFIG"]
        if let text = ruleMinLevel ?? environment["BULWARK_RULE_MIN_LEVEL"] {
            guard let level = SigmaLevel(rawValue: text.lowercased()) else {
                throw SettingsError("--rule-min-level: '\(text)' is not one of informational, low, medium, high, critical")
            }
            settings.detection.minimumLevel = level
        }
        settings.detection.tags = ruleTag.isEmpty ? (environment["BULWARK_RULE_TAGS"]?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []) : ruleTag
        settings.detection.excludedPaths = ruleExclude.isEmpty ? (environment["BULWARK_RULE_EXCLUDE"]?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []) : ruleExclude
        if let text = alertGrouping ?? environment["BULWARK_ALERT_GROUPING"] {
            settings.alertGrouping = try ServerSettings.parseDuration(text, flag: "--alert-grouping")
        }
        if let text = vulnSLA ?? environment["BULWARK_VULN_SLA"] {
            do { settings.vulnerabilitySLA = try SLAPolicy.parse(text) } catch { throw ValidationError("--vuln-sla: \(error)") }
        }
        let urls = webhook.isEmpty ? (environment["BULWARK_WEBHOOK_URL"].map { [$0] } ?? []) : webhook
        var minimum = Severity.medium
        if let text = webhookMinSeverity ?? environment["BULWARK_WEBHOOK_MIN_SEVERITY"] {
            guard let parsed = Severity(rawValue: text.lowercased()) else {
                throw SettingsError("--webhook-min-severity: '\(text)' is not one of informational, low, medium, high, critical")
            }
            minimum = parsed
        }
        let recipients = alertEmail.isEmpty ? (environment["BULWARK_ALERT_EMAIL"]?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []) : alertEmail
        settings.smtpURL = smtp ?? environment["BULWARK_SMTP_URL"]
        settings.mailFrom = mailFrom ?? environment["BULWARK_MAIL_FROM"] ?? "bulwark@\(ProcessInfo.processInfo.hostName)"
        if !recipients.isEmpty {
            guard let smtpURL = settings.smtpURL else { throw SettingsError("--alert-email: needs --smtp URL (the server that sends the mail)") }
            do { _ = try SMTPMailTransport(url: smtpURL) } catch { throw SettingsError("--smtp: \(error)") }
            for address in recipients where !address.contains("@") { throw SettingsError("--alert-email: '\(address)' is not an email address") }
            var severity = Severity.high
            if let text = emailMinSeverity ?? environment["BULWARK_EMAIL_MIN_SEVERITY"] {
                guard let parsed = Severity(rawValue: text.lowercased()) else {
                    throw SettingsError("--email-min-severity: '\(text)' is not one of informational, low, medium, high, critical")
                }
                severity = parsed
            }
            settings.email = EmailSettings(recipients: recipients, from: settings.mailFrom, minimumSeverity: severity)
        }
        for url in urls {
            guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
                throw SettingsError("--webhook: '\(url)' is not an http(s) URL")
            }
            settings.webhooks.append(WebhookSettings(url: url, secret: environment["BULWARK_WEBHOOK_SECRET"], minimumSeverity: minimum))
        }
    }

    private func incidentSettings(_ settings: inout ServerSettings, environment: Environment) throws {
        if let text = caseSla ?? environment["BULWARK_CASE_SLA"] {
            do { settings.incidents.cases.sla = try CaseSLAPolicy.parse(text) } catch { throw SettingsError("--case-sla: \(error)") }
        }
        if let text = pciDeadline ?? environment["BULWARK_PCI_DEADLINE"] {
            settings.incidents.cases.regulatory.pciDeadline = try ServerSettings.parseDuration(text, flag: "--pci-deadline")
        }
        settings.incidents.playbookDirectory = playbooks ?? environment["BULWARK_PLAYBOOKS"]
        if let directory = settings.incidents.playbookDirectory, !FileManager.default.fileExists(atPath: directory) {
            throw SettingsError("--playbooks: \(directory) does not exist")
        }
        settings.incidents.automationFile = caseAutomation ?? environment["BULWARK_CASE_AUTOMATION"]
        if let path = responseActions ?? environment["BULWARK_RESPONSE_ACTIONS"] {
            guard let data = FileManager.default.contents(atPath: path) else { throw SettingsError("--response-actions: cannot read \(path)") }
            do { settings.incidents.cases.actions = try ResponseAction.parse(String(decoding: data, as: UTF8.self), path: path) } catch { throw SettingsError("--response-actions: \(error)") }
        }
        if let text = evidenceMaxSize ?? environment["BULWARK_EVIDENCE_MAX_SIZE"] {
            let size = try ServerSettings.parseSize(text, flag: "--evidence-max-size")
            guard size <= 4 << 30 else { throw SettingsError("--evidence-max-size: at most 4GB") }
            settings.incidents.cases.maximumEvidenceBytes = Int(size)
        }
    }

    private func monitoringSettings(_ settings: inout ServerSettings, environment: Environment) throws {
        func endpoint(_ value: String?, _ variable: String, _ flag: String) throws -> SyslogSettings.Endpoint? {
            guard let text = value ?? environment[variable] else { return nil }
            let address = try ServerSettings.parseAddress(text, flag: flag)
            return SyslogSettings.Endpoint(host: address.host, port: address.port)
        }
        settings.syslog.udp = try endpoint(syslogUdp, "BULWARK_SYSLOG_UDP", "--syslog-udp")
        settings.syslog.tcp = try endpoint(syslogTcp, "BULWARK_SYSLOG_TCP", "--syslog-tcp")
        if let tls = try endpoint(syslogTls, "BULWARK_SYSLOG_TLS", "--syslog-tls") {
            guard let cert = tlsCert ?? environment["BULWARK_TLS_CERT"] else { throw SettingsError("--syslog-tls: needs --tls-cert FILE (a PEM certificate chain)") }
            guard let key = tlsKey ?? environment["BULWARK_TLS_KEY"] else { throw SettingsError("--syslog-tls: needs --tls-key FILE (a PEM private key)") }
            settings.syslog.tls = SyslogSettings.TLS(endpoint: tls, certificatePath: cert, keyPath: key)
        }
        if let text = syslogMaxMessage.map(String.init) ?? environment["BULWARK_SYSLOG_MAX_MESSAGE"] {
            guard let value = Int(text), (480...(16 << 20)).contains(value) else {
                throw SettingsError("--syslog-max-message: '\(text)' must be a number of bytes from 480 to 16777216")
            }
            settings.syslog.maximumMessageLength = value
        }
        if let text = retention ?? environment["BULWARK_RETENTION"] {
            settings.monitoring.retentionAge = try ServerSettings.parseDuration(text, flag: "--retention")
        }
        if let text = retentionSize ?? environment["BULWARK_RETENTION_SIZE"] {
            settings.monitoring.retentionBytes = try ServerSettings.parseSize(text, flag: "--retention-size")
        }
        if let text = sourceSilence ?? environment["BULWARK_SOURCE_SILENCE"] {
            settings.monitoring.sourceSilence = try ServerSettings.parseDuration(text, flag: "--source-silence")
        }
    }
}

/// Runs the server until SIGTERM or SIGINT.
enum Server {
    static func run(settings: ServerSettings, environment: Environment, banner: (@Sendable (String) -> Void)?) async throws {
        let logger = { var logger = Logger(label: "bulwark"); logger.logLevel = settings.logLevel; return logger }()
        let platform: Platform
        do {
            platform = try await Platform.open(settings.storage, policy: settings.policy, alertGrouping: settings.alertGrouping, sla: settings.vulnerabilitySLA,
                                               incidents: settings.incidents, logger: logger)
        } catch {
            throw InputError("cannot open the database at \((try? settings.storage.location().description) ?? "?"): \(error)")
        }
        do {
            try await bootstrapAdmin(platform, environment: environment, logger: logger)
        } catch {
            await platform.close()
            throw error
        }
        logger.info("starting", metadata: ["version": "\(bulwarkVersion)", "database": "\((try? settings.storage.location().description) ?? "")"])
        let descriptors = FileDescriptorLimit.raise()
        let needed = settings.httpConnections.total + (settings.syslog.tcp == nil ? 0 : settings.syslog.connectionLimits.total)
            + (settings.syslog.tls == nil ? 0 : settings.syslog.connectionLimits.total) + 256
        if descriptors < needed {
            logger.warning("the open-file limit is lower than the connection caps need; raise it (ulimit -n) or lower the caps",
                           metadata: ["limit": "\(descriptors)", "needed": "\(needed)"])
        }
        do {
            let app = try buildApplication(platform: platform, settings: settings, logger: logger, onServerRunning: { url in
                logger.info("listening", metadata: ["url": "\(url)"])
                banner?(url)
            })
            // The drain is bounded: a request still running after --shutdown-timeout (a CPU-bound one would hold
            // the process forever) is cancelled, and after as long again the process stops waiting for it.
            var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            configuration.maximumGracefulShutdownDuration = settings.shutdownTimeout
            configuration.maximumCancellationDuration = settings.shutdownTimeout
            try await ServiceGroup(configuration: configuration).run()
        } catch let error as SettingsError {
            await platform.close()
            throw InputError(error.description)
        } catch {
            await platform.close()
            throw error
        }
        await platform.close()
        logger.info("stopped")
    }

    /// On an empty database, creates the first admin from BULWARK_BOOTSTRAP_ADMIN_PASSWORD, or says how to.
    static func bootstrapAdmin(_ platform: Platform, environment: Environment, logger: Logger) async throws {
        guard try await platform.auth.users.count() == 0 else { return }
        guard let password = environment["BULWARK_BOOTSTRAP_ADMIN_PASSWORD"] else {
            logger.warning("no users yet: create the first admin with `bulwark admin create-user --username NAME --role admin` (it works while the server runs)")
            return
        }
        let username = environment["BULWARK_BOOTSTRAP_ADMIN_USERNAME"] ?? "admin"
        do {
            _ = try await platform.auth.createUser(NewUser(username: username, role: .admin, password: password), by: .system)
            logger.notice("first admin created from BULWARK_BOOTSTRAP_ADMIN_PASSWORD", metadata: ["username": "\(username)"])
        } catch {
            throw InputError("BULWARK_BOOTSTRAP_ADMIN_PASSWORD: \(error)")
        }
    }
}
