using System.Globalization;
using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Matching;

/// <summary>A small seeded stand-in for the real generator: enough people and noise to exercise the index.</summary>
internal static class SyntheticRegistry
{
    private static readonly string[] MaleNames = ["Asep", "Ujang", "Dede", "Ade", "Agus", "Budi", "Dedi", "Iwan", "Yusuf", "Rizki", "Cecep", "Entis", "Jajang", "Aceng", "Dadang"];
    private static readonly string[] FemaleNames = ["Siti", "Euis", "Iis", "Neng", "Yuli", "Rina", "Nining", "Lilis", "Tati", "Wati", "Enok", "Imas", "Dewi", "Nurhayati", "Aminah"];
    private static readonly string[] SecondNames = ["Saepudin", "Hidayat", "Supriatna", "Kurniawan", "Rahmawati", "Suryani", "Permana", "Sutisna", "Komariah", "Setiawan", "Maryani", "Hermawan", "Sumarni", "Mulyana", "Rohmah", "Nugraha", "Fauzi", "Ramdani"];
    private static readonly string[] Titles = ["H. ", "Hj. ", "Bpk ", "Ibu ", "Drs. ", ""];

    public static List<RegistryParticipant> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var participants = new List<RegistryParticipant>(count);
        var serials = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var female = random.Next(2) == 0;
            var birthDate = new DateOnly(1960, 1, 1).AddDays(random.Next(365 * 45));
            var kecamatan = random.Next(1, 7);
            var day = birthDate.Day + (female ? 40 : 0);
            var prefix = string.Create(CultureInfo.InvariantCulture, $"32710{kecamatan}{day:D2}{birthDate.Month:D2}{birthDate.Year % 100:D2}");
            serials[prefix] = serials.GetValueOrDefault(prefix) + 1;
            var given = (female ? FemaleNames : MaleNames)[random.Next(MaleNames.Length)];
            var name = random.Next(5) == 0 ? given : $"{given} {SecondNames[random.Next(SecondNames.Length)]}";
            var paid = CalendarMonth.Of(Registry.Today.AddMonths(-random.Next(8)));
            participants.Add(new RegistryParticipant(
                string.Create(CultureInfo.InvariantCulture, $"{prefix}{serials[prefix]:D4}"),
                name,
                birthDate,
                female ? Sex.Female : Sex.Male,
                (Segment)random.Next(1, 5),
                random.Next(10) == 0 ? ParticipantStatus.Ended : ParticipantStatus.Active,
                random.Next(20) == 0 ? null : paid,
                string.Create(CultureInfo.InvariantCulture, $"32.71.0{kecamatan}.10{random.Next(1, 12):D2}")));
        }
        return participants;
    }

    /// <summary>One worker per participant: a title in front, sometimes one wrong letter in the name or one wrong serial digit.</summary>
    public static IEnumerable<MatchSubject> NoisyWorkers(IReadOnlyList<RegistryParticipant> participants, int seed)
    {
        var random = new Random(seed);
        foreach (var participant in participants)
        {
            var name = Titles[random.Next(Titles.Length)] + participant.FullName;
            if (random.Next(10) == 0)
            {
                var letters = name.ToCharArray();
                var position = random.Next(name.Length - participant.FullName.Length + 1, name.Length);
                letters[position] = letters[position] == 'a' ? 'e' : 'a';
                name = new string(letters);
            }
            var nik = participant.Nik.ToCharArray();
            if (random.Next(10) == 0)
            {
                var position = random.Next(12, 16);
                nik[position] = (char)('0' + (nik[position] - '0' + 1) % 10);
            }
            yield return new MatchSubject(new string(nik), name, participant.BirthDate, participant.Sex, participant.KelurahanCode);
        }
    }
}
