# Rapport's interface in English.
language-name = English
language = Language
language-apply = Change
skip-to-content = Skip to content
nav-main = Main
nav-parties = Parties
nav-offerings = Offerings
palette-open = Quick search
palette-placeholder = Find a party, or go to…
search-none = Nothing matches.
sign-out = Sign out
save = Save
cancel = Cancel
choose = Choose…
none-yet = None yet.
form-has-errors = Some fields need attention:
hint-one-per-line = One per line.
hint-comma-separated = Separate with commas.
results-count = { $count ->
    [one] { $count } result
   *[other] { $count } results
}

role-owner = owner
role-admin = administrator
role-manager = manager
role-sales = sales
role-marketing = marketing
role-service = service
role-account-manager = account manager
role-viewer = viewer

login-title = Sign in
login-email = Email
login-password = Password
login-submit = Sign in
login-refused = Wrong email or password.
login-throttled = Too many attempts. Wait a few minutes and try again.
login-no-workspace = You are not a member of any workspace.

error-title = Something went wrong
error-back = Back to parties
error-not-found = There is nothing here, or you may not see it.
error-forbidden = Your role does not allow this.
error-conflict = Someone else changed this meanwhile. Reload the page and try again.
error-bad-form = The form could not be read. Reload the page and try again.
error-busy = Rapport is busy. Try again in a moment.
error-internal = Rapport could not do this. The fault is logged; try again later.
error-csrf = This form has expired or did not come from Rapport. Reload the page and try again.
error-contract-step = The contract cannot take that step now.

parties-title = Parties
parties-none = No parties match.
parties-more = More
party-new = New party
party-new-person = New person
party-new-organization = New organization
party-edit = Edit
party-person = Person
party-organization = Organization
party-kind = Kind of party
party-name = Name
party-relationship = Relationship
party-email = Email
party-emails = Emails
party-phones = Phones
party-tags = Tags
party-birthday = Birthday
party-internal = Part of our own business
party-details = Details
party-people = People
party-organizations = Organizations
party-consumers = Consumers of its orders
party-team = Account team
party-conflict = Someone else saved this party after you opened the form. Nothing was overwritten: your changes are below. Check the saved version, then save again to replace it.
party-conflict-see = See the saved version

filter-search = Search
filter-kind = Kind
filter-relationship = Relationship
filter-lifecycle = Stage
filter-tag = Tag
filter-any = Any
filter-apply = Filter

relationship-title = Relationship
relationship-since = Since { $date }
relationship-overridden = Set by hand as { $kind }
relationship-why = Why
relationship-none = Not classified yet.

lifecycle-new = new
lifecycle-returning = returning
lifecycle-loyal = loyal
lifecycle-at-risk = at risk
lifecycle-lapsed = lapsed

value-title = Value
value-p-alive = Chance still buying
value-clv = Lifetime value ({ $months } months)
value-expected = Purchases expected next year
value-none = No value model has been fitted yet.

orders-title = Orders
order-new = Record an order
order-for = Bought by { $name }
order-reference = Order
order-date = Date
order-status = Status
order-total = Total
order-offering = Offering
order-quantity = Quantity
order-channel = Channel
order-end-users = End users
order-end-users-hint = The people who will use what was bought, if not the buyer.
order-end-user-search = Find another person
order-save = Record order
order-no-offerings = There are no offerings yet.
order-status-placed = placed
order-status-paid = paid
order-status-fulfilled = fulfilled
order-status-cancelled = cancelled
order-status-refunded = refunded
order-status-partially-refunded = partially refunded

contracts-title = Contracts
contract-new = New contract
contract-for = With { $name }
contract-title = Title
contract-scope = Scope of service
contract-fee = Fee
contract-fee-fixed = Fixed amount
contract-fee-retainer = Retainer
contract-fee-hourly = Hourly
contract-amount = Amount or rate ({ $currency })
contract-period-days = Retainer period (days)
contract-cap-hours = Hours cap per month
contract-starts = Starts on
contract-ends = Ends on
contract-renewal = Renewal
contract-renewal-manual = Manual
contract-renewal-automatic = Automatic
contract-notice-days = Notice (days)
contract-save = Save draft
contract-client-signed = client signed { $date }
contract-provider-signed = we signed { $date }
contract-status-draft = draft
contract-status-sent = sent
contract-status-signed = signed
contract-status-active = active
contract-status-expired = expired
contract-status-terminated = terminated
contract-status-renewed = renewed
contract-step-send = Mark as sent
contract-step-sign-client = Client signed today
contract-step-sign-provider = We signed today
contract-step-activate = Activate

team-role-account-manager = account manager
team-role-customer-success-manager = customer-success manager
team-role-service-representative = service representative

offering-new = New offering
offering-name = Name
offering-kind = Kind
offering-price = Price
offering-price-in = Price ({ $currency })
offering-kind-goods = goods
offering-kind-service = service
offering-kind-professional-service = professional service
offering-kind-subscription = subscription

timeline-title = Timeline
timeline-change = Changed
timeline-classification = Relationship changed
timeline-note = Note
timeline-party-create = Created
timeline-party-update = Edited
timeline-party-delete = Deleted
timeline-party-restore = Restored
timeline-order-create = Order recorded
timeline-order-status = Order status changed
timeline-order-refund = Order refunded
timeline-order-exchange = Order exchanged
timeline-contract-create = Contract drafted
timeline-contract-send = Contract sent
timeline-contract-sign = Contract signed
timeline-contract-activate = Contract activated
timeline-contract-terminate = Contract terminated
timeline-contract-renew = Contract renewed
timeline-contract-use = Contract use recorded
timeline-affiliation-create = Affiliation added
timeline-affiliation-update = Affiliation changed
timeline-affiliation-delete = Affiliation removed
timeline-note-create = Note added
timeline-note-update = Note edited
timeline-note-delete = Note deleted
timeline-account-team-create = Account team member assigned
timeline-account-team-delete = Account team member removed
timeline-relationship-override = Relationship set by hand
timeline-relationship-clear-override = Relationship set by hand lifted
timeline-playbook-create = Conversion playbook started
timeline-playbook-update = Conversion playbook updated

invalid-required = Required.
invalid-empty = Required.
invalid-too-long = Too long.
invalid-control-character = Must not contain control characters.
invalid-invalid-email = Not an email address.
invalid-invalid-phone = Not a phone number.
invalid-invalid-date = Not a date (year-month-day).
invalid-invalid-time = Not a date.
invalid-invalid-amount = Not an amount.
invalid-invalid-number = Not a whole number.
invalid-invalid-quantity = Must be a whole number from 1.
invalid-invalid-tag = Tags are words, digits and dashes.
invalid-in-future = Must not be in the future.
invalid-in-past = Must not be in the past.
invalid-before-start = Must not be before the start.
invalid-negative = Must not be negative.
invalid-out-of-range = Out of range.
invalid-duplicate = Given twice.
invalid-taken = Already taken.

reason-internal = is part of the business itself (an employee or a department)
reason-signed-contract-in-force = has a contract in force, “{ $title }”, signed by both sides
reason-signed-contract-in-force-until = has a contract in force, “{ $title }”, signed by both sides until { $until }
reason-signed-contract-terminated = has a contract, “{ $title }”, terminated but in force
reason-signed-contract-terminated-until = has a contract, “{ $title }”, terminated but in force until { $until }
reason-contract-pending = has signed a contract, “{ $title }”, that starts on { $start }
reason-personal-service = buys professional services (order { $order }) and is served personally by { $member } ({ $role })
reason-bought = { $count ->
    [one] has bought once
   *[other] has bought on { $count } days
}, first on { $first }, last on { $last }
reason-lifecycle-model-lapsed = the purchase model fitted on { $fitted } puts the chance they still buy below { $percent }% since { $since }: lapsed
reason-lifecycle-model-at-risk = the purchase model fitted on { $fitted } puts the chance they still buy below { $percent }% since { $since }: at risk
reason-lifecycle-quiet-lapsed = no purchase since { $last }: lapsed after { $days } days
reason-lifecycle-quiet-at-risk = no purchase since { $last }: at risk after { $days } days
reason-lifecycle-loyal = bought on { $count } days over { $span } days: a loyal buyer
reason-lifecycle-returning = came back to buy again ({ $count } purchases)
reason-lifecycle-new = a first purchase: the first experience decides whether they return
reason-buyer-kind-b2b = an organization buying for its operations (B2B)
reason-buyer-kind-b2c = a person buying for personal use (B2C)
reason-end-user = uses what { $buyer } bought (order { $order }){ $more ->
    [0] {""}
   *[other] {" "}and { $more } more
}
reason-no-purchase = has neither bought nor used anything yet
reason-override-open = set to { $kind } by { $by }: { $reason }
reason-override-until = set to { $kind } by { $by }: { $reason }, until { $until }

nav-relationships = Relationships
dashboard-kinds = Parties by relationship
dashboard-stages = Buyers by stage
dashboard-trend = The mix over the last twelve months
dashboard-numbers = The numbers
dashboard-month = Month
dashboard-candidates = Who could become a client
dashboard-no-candidates = No customer looks like a future client yet.
dashboard-score = Score
dashboard-lever = What to do
dashboard-clv = Lifetime value
dashboard-distribution = Lifetime value of customers
dashboard-customers = Customers
dashboard-forecast = Forecast for the next 26 weeks
dashboard-week = Week
dashboard-transactions = Purchases
dashboard-revenue = Revenue
dashboard-no-values = Too few repeat customers to value yet.
lever-incentive = offer a free consultation or a tailored trial
lever-best-service = give the best service: a quick answer and a named person
lever-keep-in-touch = keep in touch: updates, greetings, seminars
lever-consistent-quality = the same quality every time
lever-relational-selling = propose a retainer or a contract
reason-repeat-purchases = bought on { $count } different days
reason-tenure = a customer for { $days } days
reason-expected-value = expected to bring { $value } over the coming years
reason-buys-services = { $count ->
    [one] bought services once
   *[other] bought services { $count } times
}
reason-staff-contact = served by { $name }
reason-p-alive = { $percent }% likely to still be buying
