"""Writes a schemathesis config giving each {id} route the id of a record
that exists, so a deep run gets past 404: python real_ids.py OUT.toml,
with BASE and TOKEN in the environment."""
import json, os, sys, urllib.request
base, token = os.environ["BASE"] + "/api/v1", os.environ["TOKEN"]
def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))
get = lambda path: call("GET", path)
people = get("/parties?kind=person&limit=200")["items"]
orgs = get("/parties?kind=organization&limit=200")["items"]
ids = {}
for party in people:
    if get(f"/parties/{party['id']}/orders")["items"]:
        ids["party"] = party["id"]; ids["order"] = get(f"/parties/{party['id']}/orders")["items"][0]["id"]; break
ids.setdefault("party", people[0]["id"])
for org in orgs:
    found = get(f"/parties/{org['id']}/affiliations")["items"]
    if found: ids["affiliation"] = found[0]["id"]; break
for party in orgs + people:
    found = get(f"/parties/{party['id']}/contracts")["items"]
    if found: ids["contract"] = found[0]["id"]; break
ids["note"] = call("POST", f"/parties/{ids['party']}/notes", {"body": "schemathesis"})["id"]
offerings = get("/offerings")["items"]
if offerings: ids["offering"] = offerings[0]["id"]
webhooks = get("/webhooks")["items"]
if webhooks:
    ids["webhook"] = webhooks[0]["id"]
    attempts = get(f"/webhooks/{ids['webhook']}/attempts")["items"]
    if attempts: ids["delivery"] = attempts[0]["delivery_id"]
jobs = get("/jobs")["items"]
if jobs: ids["job"] = jobs[0]["id"]
viewers = [m["user"]["id"] for m in get("/members")["items"] if m["role"] == "viewer"]
if viewers:
    ids["member"] = viewers[0]
    ids["team"] = call("POST", "/teams", {"name": "schemathesis", "members": [viewers[0]]})["id"]
routes = [("parties", {"id": "party"}), ("affiliations", {"id": "affiliation"}), ("contracts", {"id": "contract"}),
          ("orders", {"id": "order"}), ("offerings", {"id": "offering"}), ("notes", {"id": "note"}),
          ("webhooks", {"id": "webhook", "delivery_id": "delivery"}), ("jobs", {"id": "job"}),
          ("teams", {"id": "team", "user_id": "member"}), ("members", {"id": "member"})]
with open(sys.argv[1], "a") as out:
    for prefix, names in routes:
        params = {f"path.{p}": ids[k] for p, k in names.items() if k in ids}
        if not params: continue
        out.write("[[operations]]\ninclude-path-regex = %s\nexclude-method = \"DELETE\"\nparameters = { %s }\n\n" % (
            json.dumps("^/api/v1/%s/\\{id\\}" % prefix),
            ", ".join("%s = %s" % (json.dumps(k), json.dumps(v)) for k, v in params.items())))
