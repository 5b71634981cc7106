import AccessControl
import BulwarkCore
import Hummingbird

/// `/api/v1/people`: the shared directory of people.
struct PeopleController {
    let inventory: InventoryService

    func register(_ routes: APIRoutes) {
        let listQuery = [
            APIOperation.Parameter("q", "substring of name or email"),
            .init("department", "exact department"), .init("employment_status", "active, on_leave or terminated"),
            .init("limit", "page size, 1–500 (default 50)", type: "integer"), .init("cursor", "the `next` value of the previous page"),
        ]
        routes.add(.init(method: .get, path: "/api/v1/people", operationID: "listPeople", summary: "List people by name",
                         tag: "Inventory", access: .permission(.inventoryRead), query: listQuery, responseSchema: "PersonPage")) { request, _ in
            let query = PersonQuery(text: request.queryString("q"), department: request.queryString("department"),
                                    employmentStatus: try request.queryEnum("employment_status", EmploymentStatus.self))
            return try JSONResponse.make(PageBody(key: "people", page: try await inventory.people.list(query, page: try request.pageRequest())))
        }
        routes.add(.init(method: .post, path: "/api/v1/people", operationID: "createPerson", summary: "Create a person",
                         tag: "Inventory", access: .permission(.inventoryWrite), requestSchema: "PersonInput", responseSchema: "Person",
                         successStatus: 201)) { request, context in
            let input = try await request.json(PersonInput.self)
            guard input.name != nil else { throw APIError.invalid("name", "is required") }
            guard input.email != nil else { throw APIError.invalid("email", "is required") }
            try input.validate()
            var person = Person(name: "", email: "", createdAt: inventory.clock.now())
            input.apply(to: &person)
            return try JSONResponse.make(try await inventory.createPerson(person, by: context.inventoryActor), status: .created)
        }
        routes.add(.init(method: .post, path: "/api/v1/people/import", operationID: "importPeople",
                         summary: "Import people from CSV (all rows or none; `partial=true` keeps the good rows)", tag: "Inventory",
                         access: .permission(.inventoryWrite), query: [.init("partial", "true to import the good rows when some are bad", type: "boolean")],
                         requestSchema: "CSV", requestContentType: "text/csv", responseSchema: "ImportReport")) { request, context in
            let csv = try await request.text(limit: InventoryImport.maxBytes)
            let report = try await inventory.importPeople(csv: csv, partial: request.queryString("partial") == "true", by: context.inventoryActor)
            return try JSONResponse.make(ImportReportBody(report), status: report.applied ? .ok : .unprocessableContent)
        }
        routes.add(.init(method: .get, path: "/api/v1/people/{id}", operationID: "getPerson", summary: "Get a person",
                         tag: "Inventory", access: .permission(.inventoryRead), responseSchema: "Person")) { _, context in
            let id = try context.id("person")
            guard let person = try await inventory.people.get(id: id) else { throw CoreError.notFound(kind: "person", id: id) }
            return try JSONResponse.make(person)
        }
        routes.add(.init(method: .patch, path: "/api/v1/people/{id}", operationID: "updatePerson", summary: "Change some fields of a person",
                         tag: "Inventory", access: .permission(.inventoryWrite), requestSchema: "PersonInput", responseSchema: "Person")) { request, context in
            let id = try context.id("person")
            let input = try await request.json(PersonInput.self)
            try input.validate()
            return try JSONResponse.make(try await inventory.updatePerson(id: id, by: context.inventoryActor, change: input.apply))
        }
        routes.add(.init(method: .delete, path: "/api/v1/people/{id}", operationID: "deletePerson", summary: "Delete a person",
                         tag: "Inventory", access: .permission(.inventoryWrite), successStatus: 204)) { _, context in
            try await inventory.deletePerson(id: try context.id("person"), by: context.inventoryActor)
            return Response(status: .noContent)
        }
    }
}

