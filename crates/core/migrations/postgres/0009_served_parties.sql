-- Members read and work the parties they serve (see the access rules): the
-- lists look up a member's account-team assignments by member.
CREATE INDEX account_team_by_member ON account_team (user_id, party_id);
