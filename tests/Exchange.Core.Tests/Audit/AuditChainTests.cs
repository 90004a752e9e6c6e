using Exchange.Core.Audit;

namespace Exchange.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly AuditEvent Event = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), "DINKOP", "agency",
        "/jamsostek.exchange.v1.SubmissionService/Submit", "b-2026-11", 1000, "OK", "chunk 0-999");

    [Fact]
    public void The_first_entry_links_to_64_zeros_and_hashes_are_lowercase_hex_sha256()
    {
        var hash = AuditChain.Hash(AuditChain.GenesisHash, 1, Event);

        Assert.Equal(new string('0', 64), AuditChain.GenesisHash);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, AuditChain.Hash(AuditChain.GenesisHash, 1, Event with { }));
    }

    [Fact]
    public void The_encoding_is_pinned()
    {
        // Worked out independently from the documented layout: a change here breaks every stored trail.
        var auditEvent = new AuditEvent(new DateTimeOffset(637_000_000_000_000_000, TimeSpan.Zero), "c", "r", "m", null, 3, "OK", "");

        Assert.Equal(
            "00000011" + Convert.ToHexString("exchange-audit-v1"u8) // version tag
            + "00000002" + "6162" // previous hash "ab"
            + "0000000000000007" // sequence
            + "08D7142001EC8000" // UTC ticks
            + "0000000163" + "0000000172" + "000000016D" // caller, role, method
            + "FFFFFFFF" // batch id absent
            + "0000000000000003" // record count
            + "000000024F4B" // outcome
            + "00000000", // detail empty
            Convert.ToHexString(AuditChain.Encode("ab", 7, auditEvent)));
        Assert.Equal("b683a41f6e29061d0cfbb88dbeabaa5f3c2a21fc72a28f36452587452503fc2c", AuditChain.Hash("ab", 7, auditEvent));
    }

    [Fact]
    public void Every_field_the_sequence_and_the_link_change_the_hash()
    {
        var hashes = new[]
        {
            AuditChain.Hash(AuditChain.GenesisHash, 1, Event),
            AuditChain.Hash(AuditChain.GenesisHash, 2, Event),
            AuditChain.Hash(new string('1', 64), 1, Event),
            AuditChain.Hash(AuditChain.GenesisHash, 1, Event with { At = Event.At.AddTicks(1) }),
            AuditChain.Hash(AuditChain.GenesisHash, 1, Event with { Caller = "DINSOS" }),
            AuditChain.Hash(AuditChain.GenesisHash, 1, Event with { Role = "admin" }),
            AuditChain.Hash(AuditChain.GenesisHash, 1, Event with { Method = "/jamsostek.exchange.v1.SubmissionService/GetBatch" }),
            AuditChain.Hash(AuditChain.GenesisHash, 1, Event with { BatchId = "b-2026-12" }),
            AuditChain.Hash(AuditChain.GenesisHash, 1, Event with { RecordCount = 999 }),
            AuditChain.Hash(AuditChain.GenesisHash, 1, Event with { Outcome = "PERMISSION_DENIED" }),
            AuditChain.Hash(AuditChain.GenesisHash, 1, Event with { Detail = "chunk 0-998" }),
        };

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Fact]
    public void Events_that_concatenate_to_the_same_text_hash_differently()
    {
        var pairs = new[]
        {
            (Event with { Caller = "DIN", Role = "KOPagency" }, Event with { Caller = "DINKOP", Role = "agency" }),
            (Event with { BatchId = "b1", Outcome = "OK" }, Event with { BatchId = "b1O", Outcome = "K" }),
            (Event with { BatchId = null }, Event with { BatchId = "" }),
            (Event with { Detail = null }, Event with { Detail = "" }),
            (Event with { Outcome = "OK", Detail = null }, Event with { Outcome = "", Detail = "OK" }),
        };

        foreach (var (one, other) in pairs)
        {
            Assert.NotEqual(AuditChain.Hash(AuditChain.GenesisHash, 1, one), AuditChain.Hash(AuditChain.GenesisHash, 1, other));
        }
    }

    [Fact]
    public void The_time_is_hashed_as_an_instant()
    {
        var inWib = Event with { At = Event.At.ToOffset(TimeSpan.FromHours(7)) };

        Assert.Equal(AuditChain.Hash(AuditChain.GenesisHash, 1, Event), AuditChain.Hash(AuditChain.GenesisHash, 1, inWib));
    }

    [Fact]
    public void A_chain_holds_entry_by_entry()
    {
        var chain = Chain(5);
        var previous = AuditChain.GenesisHash;

        foreach (var entry in chain)
        {
            Assert.Null(AuditChain.Problem(entry, entry.Sequence, previous));
            previous = entry.Hash;
        }
    }

    [Fact]
    public void An_altered_event_breaks_its_own_hash()
    {
        var chain = Chain(3);
        var altered = chain[1] with { Event = chain[1].Event with { RecordCount = 1 } };

        Assert.Contains("altered", AuditChain.Problem(altered, 2, chain[0].Hash));
    }

    [Fact]
    public void A_removed_or_moved_entry_breaks_the_sequence_or_the_link()
    {
        var chain = Chain(4);

        Assert.Equal("entry 2 is missing", AuditChain.Problem(chain[2], 2, chain[0].Hash));
        Assert.Equal("entries 2 to 3 are missing", AuditChain.Problem(chain[3], 2, chain[0].Hash));
        Assert.Contains("not the hash of entry 1", AuditChain.Problem(chain[2] with { Sequence = 2 }, 2, chain[0].Hash));
        Assert.Contains("genesis", AuditChain.Problem(chain[1] with { Sequence = 1 }, 1, AuditChain.GenesisHash));
        Assert.Contains("was expected", AuditChain.Problem(chain[0], 2, chain[0].Hash));
    }

    [Fact]
    public void A_hash_recomputed_over_a_moved_entry_still_breaks_the_next_link()
    {
        var chain = Chain(3);
        var forged = chain[2].Event with { Caller = "forger" };
        var replaced = new AuditEntry(2, forged, chain[0].Hash, AuditChain.Hash(chain[0].Hash, 2, forged));

        Assert.Null(AuditChain.Problem(replaced, 2, chain[0].Hash));
        Assert.NotNull(AuditChain.Problem(chain[2], 3, replaced.Hash));
    }

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        var previous = AuditChain.GenesisHash;
        for (var sequence = 1; sequence <= count; sequence++)
        {
            var auditEvent = Event with { At = Event.At.AddSeconds(sequence), RecordCount = sequence };
            var hash = AuditChain.Hash(previous, sequence, auditEvent);
            entries.Add(new AuditEntry(sequence, auditEvent, previous, hash));
            previous = hash;
        }
        return entries;
    }
}
