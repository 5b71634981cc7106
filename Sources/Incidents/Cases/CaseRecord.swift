import BulwarkCore
import Foundation

/// Something that belongs to one case and is stored beside it: a task, an observable, a timeline entry, a
/// comment, a piece of evidence, a response action. `key` is what the store indexes for lookups across cases
/// (an observable's type and value).
public protocol CaseRecord: Codable, Sendable {
    static var kind: String { get }
    var id: String { get }
    var caseID: String { get set }
    var createdAt: Date { get }
    var key: String? { get }
}

extension CaseRecord {
    public var key: String? { nil }
}

public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case todo, inProgress = "in_progress", done, cancelled
}

/// Work to do on a case, from a playbook or added by hand.
public struct CaseTask: CaseRecord, Hashable {
    public static let kind = "task"
    public var id: String
    public var caseID: String
    public var title: String
    public var description: String
    /// The case phase it belongs to (playbooks group tasks by phase).
    public var phase: CaseStatus
    public var owner: String?
    public var dueAt: Date?
    public var status: TaskStatus
    /// The playbook that created it.
    public var playbook: String?
    /// Evidence the task must leave before it can be done (names; any upload attached to the task satisfies it).
    public var requiredEvidence: [String]
    public var logs: [TaskLog]
    public var order: Int
    public var createdAt: Date
    public var completedAt: Date?
    public var completedBy: String?

    public init(id: String = Identifier.make(), caseID: String, title: String, description: String = "", phase: CaseStatus = .triage,
                owner: String? = nil, dueAt: Date? = nil, playbook: String? = nil, requiredEvidence: [String] = [], order: Int = 0, createdAt: Date) {
        self.id = id
        self.caseID = caseID
        self.title = title
        self.description = description
        self.phase = phase
        self.owner = owner
        self.dueAt = dueAt
        self.status = .todo
        self.playbook = playbook
        self.requiredEvidence = requiredEvidence
        self.logs = []
        self.order = order
        self.createdAt = createdAt
    }
}

public struct TaskLog: Sendable, Codable, Hashable {
    public var author: String
    public var text: String
    public var at: Date
}

/// One line of the case's story. `eventAt` is when it happened, `recordedAt` when it was written down (an analyst
/// records on Tuesday that the attacker logged in on Sunday).
public struct TimelineEntry: CaseRecord, Hashable {
    public static let kind = "timeline"
    public var id: String
    public var caseID: String
    public var category: TimelineCategory
    public var eventAt: Date
    public var createdAt: Date
    public var actor: String
    public var text: String

    public init(id: String = Identifier.make(), caseID: String, category: TimelineCategory, eventAt: Date, createdAt: Date, actor: String, text: String) {
        self.id = id
        self.caseID = caseID
        self.category = category
        self.eventAt = eventAt
        self.createdAt = createdAt
        self.actor = actor
        self.text = text
    }
}

public enum TimelineCategory: String, Sendable, Codable, CaseIterable {
    case created, alert, status, assignment, task, observable, evidence, action, comment, playbook, manual, merge, link, sla, regulatory, update
}

/// A comment; `@username` mentions are notified.
public struct CaseComment: CaseRecord, Hashable {
    public static let kind = "comment"
    public var id: String
    public var caseID: String
    public var author: String
    public var text: String
    public var mentions: [String]
    public var createdAt: Date

    public init(id: String = Identifier.make(), caseID: String, author: String, text: String, mentions: [String], createdAt: Date) {
        self.id = id
        self.caseID = caseID
        self.author = author
        self.text = text
        self.mentions = mentions
        self.createdAt = createdAt
    }

    /// The `@name` words of a text (letters, digits, `.`, `_`, `-`), lowercased, once each.
    public static func mentions(in text: String) -> [String] {
        var found: [String] = []
        var scanner = text[...]
        while let at = scanner.firstIndex(of: "@") {
            let before = at > text.startIndex ? text[text.index(before: at)] : " "
            var end = text.index(after: at)
            while end < text.endIndex, text[end].isLetter || text[end].isNumber || "._-".contains(text[end]) { end = text.index(after: end) }
            var name = String(text[text.index(after: at)..<end]).lowercased()
            while name.hasSuffix(".") || name.hasSuffix("-") { name.removeLast() }
            // An email address is not a mention.
            if !(before.isLetter || before.isNumber), !name.isEmpty, !found.contains(name) { found.append(name) }
            scanner = text[end...]
        }
        return found
    }
}

/// A file kept as evidence: stored under the data directory by its id, identified by its SHA-256, with the chain
/// of custody (who added it, and every download).
public struct Evidence: CaseRecord, Hashable {
    public static let kind = "evidence"
    public var id: String
    public var caseID: String
    public var taskID: String?
    public var fileName: String
    public var contentType: String
    public var size: Int
    public var sha256: String
    public var description: String
    public var addedBy: String
    public var createdAt: Date
    public var custody: [CustodyEntry]

    public init(id: String = Identifier.make(), caseID: String, taskID: String?, fileName: String, contentType: String, size: Int, sha256: String,
                description: String, addedBy: String, createdAt: Date) {
        self.id = id
        self.caseID = caseID
        self.taskID = taskID
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.description = description
        self.addedBy = addedBy
        self.createdAt = createdAt
        self.custody = [CustodyEntry(action: "added", actor: addedBy, at: createdAt, detail: "sha256=\(sha256) size=\(size)")]
    }
}

public struct CustodyEntry: Sendable, Codable, Hashable {
    public var action: String
    public var actor: String
    public var at: Date
    public var detail: String
}
