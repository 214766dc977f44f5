-- What a pass over a workspace reads, in one row per party: the party's
-- kind, whether it is internal and live, the name of the buyer its first use
-- names, and a fingerprint of the stored classification. A pass then reads
-- no other table and compares without reading explanations back (measured:
-- the join to parties was most of a pass's time at a million parties).
ALTER TABLE party_relationships ADD COLUMN party_kind text NOT NULL DEFAULT 'person';
ALTER TABLE party_relationships ADD COLUMN internal boolean NOT NULL DEFAULT false;
ALTER TABLE party_relationships ADD COLUMN live boolean NOT NULL DEFAULT true;
ALTER TABLE party_relationships ADD COLUMN first_use_buyer_name text;
-- Zero matches no classification: the first pass rewrites every row once.
ALTER TABLE party_relationships ADD COLUMN fingerprint bigint NOT NULL DEFAULT 0;

UPDATE party_relationships SET
    party_kind = (SELECT p.kind FROM parties p WHERE p.id = party_relationships.party_id),
    internal = (SELECT p.internal FROM parties p WHERE p.id = party_relationships.party_id),
    live = (SELECT p.deleted_at IS NULL FROM parties p WHERE p.id = party_relationships.party_id),
    first_use_buyer_name = (SELECT b.name FROM parties b WHERE b.id = party_relationships.first_use_buyer_id);

-- A renamed buyer's name is carried to the parties whose explanations name it.
CREATE INDEX party_relationships_by_buyer ON party_relationships (first_use_buyer_id);
