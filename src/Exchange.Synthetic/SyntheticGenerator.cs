using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic;

/// <summary>
/// Generates a labelled Kota Bogor data set: true people, a BPJS registry that holds a controlled share of
/// them plus many people never submitted, and the agencies' noisy records of the submitted people.
/// </summary>
public static class SyntheticGenerator
{
    /// <summary>Registry members who were never submitted are mostly formal-sector wage earners.</summary>
    private static readonly WeightedTable<Segment> RegistryOnlySegments =
        new([(Segment.Pu, 65), (Segment.Bpu, 28), (Segment.JasaKonstruksi, 5), (Segment.Pmi, 2)]);

    private static readonly WeightedTable<MatchOutcome> RegistryOnlyStandings =
        new([(MatchOutcome.Active, 75), (MatchOutcome.Grace, 7), (MatchOutcome.Lapsed, 18)]);

    public static SyntheticDataSet Generate(SyntheticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var submitted = options.SubmittedCount;
        var (active, grace, lapsed, deceased) = options.Shares.CountsFor(submitted);
        var registered = active + grace + lapsed + deceased;
        var rows = new PersonRow[submitted + options.RegistrySize - registered];

        // Registry-only people come after the submitted ones; twins first, each made right after its sibling.
        var population = new Population(options);
        var twinOf = new int[submitted];
        Array.Fill(twinOf, -1);
        var next = submitted;
        for (var id = 0; id < submitted; id++)
        {
            rows[id] = population.NewPerson(Rng.For(options.Seed, RngStream.Person, id));
            var twin = Rng.For(options.Seed, RngStream.Twin, id);
            if (next < rows.Length && rows[id].Name.FamilyName >= 0 && twin.Chance(options.TwinShare))
            {
                rows[next] = population.NewTwin(rows[id], twin);
                twinOf[id] = next++;
            }
        }
        for (var id = next; id < rows.Length; id++)
        {
            rows[id] = population.NewPerson(Rng.For(options.Seed, RngStream.Person, id));
        }

        // Exact shares for the submitted people, in random order.
        var standings = new MatchOutcome[submitted];
        Array.Fill(standings, MatchOutcome.Active, 0, active);
        Array.Fill(standings, MatchOutcome.Grace, active, grace);
        Array.Fill(standings, MatchOutcome.Lapsed, active + grace, lapsed);
        Array.Fill(standings, MatchOutcome.Deceased, active + grace + lapsed, deceased);
        Array.Fill(standings, MatchOutcome.NotRegistered, registered, submitted - registered);
        Rng.For(options.Seed, RngStream.Standing, 0).Shuffle(standings);

        var asOfMonth = Format.MonthOf(options.AsOf);
        var registryOrder = new List<int>(options.RegistrySize);
        for (var id = 0; id < rows.Length; id++)
        {
            var rng = Rng.For(options.Seed, RngStream.Membership, id);
            var isSubmitted = id < submitted;
            var standing = isSubmitted ? standings[id] : RegistryOnlyStandings.Draw(rng);
            if (standing != MatchOutcome.NotRegistered)
            {
                Enrol(ref rows[id], standing, isSubmitted, asOfMonth, rng, population,
                    isSubmitted ? options.MemberAddresses : options.OtherAddresses);
                registryOrder.Add(id);
            }
        }
        var order = registryOrder.ToArray();
        Rng.For(options.Seed, RngStream.Registry, 0).Shuffle(order);

        var factory = new SubmissionFactory(options, population, rows, twinOf);
        var records = new LabelledRecord[submitted];
        for (var id = 0; id < submitted; id++)
        {
            records[id] = factory.Build(id);
        }
        return new SyntheticDataSet(options, new RegistryList(rows, order, population.Kelurahan), records);
    }

    private static void Enrol(ref PersonRow row, MatchOutcome standing, bool isSubmitted, int asOfMonth, Rng rng, Population population,
        RegistryAddresses addresses)
    {
        row.Standing = standing;
        row.Segment = isSubmitted ? SegmentOfWorker(row.Occupation, rng) : RegistryOnlySegments.Draw(rng);
        row.Status = standing switch
        {
            MatchOutcome.Lapsed => ParticipantStatus.Ended,
            MatchOutcome.Deceased => ParticipantStatus.Deceased,
            _ => ParticipantStatus.Active,
        };
        row.LastPaidMonth = standing switch
        {
            // Some self-paying (BPU) participants pay a month or two ahead.
            MatchOutcome.Active => asOfMonth + (row.Segment == Segment.Bpu && rng.Chance(0.1) ? rng.Between(1, 2) : 0),
            MatchOutcome.Grace => asOfMonth - rng.Between(1, 3),
            // Paid up to about when they died, in the last four years.
            MatchOutcome.Deceased => asOfMonth - rng.Between(0, 48),
            _ => asOfMonth - rng.Between(4, 48),
        };
        var u = rng.NextDouble();
        row.RegistryKelurahan = u < addresses.Current ? row.Kelurahan
            : u < addresses.Known ? population.DrawKelurahanOtherThan(row.Kelurahan, rng)
            : (short)-1;
    }

    /// <summary>Informal workers are mostly BPU; builders are often covered through a construction project, non-ASN staff through their office.</summary>
    private static Segment SegmentOfWorker(Occupation occupation, Rng rng)
    {
        var u = rng.NextDouble();
        return occupation switch
        {
            Occupation.PekerjaBangunan => u < 0.35 ? Segment.JasaKonstruksi : u < 0.90 ? Segment.Bpu : Segment.Pu,
            Occupation.TenagaNonAsn => u < 0.50 ? Segment.Pu : Segment.Bpu,
            _ => u < 0.80 ? Segment.Bpu : u < 0.95 ? Segment.Pu : u < 0.97 ? Segment.JasaKonstruksi : Segment.Pmi,
        };
    }
}
