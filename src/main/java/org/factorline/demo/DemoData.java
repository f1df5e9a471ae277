package org.factorline.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.clients.ClientDetails;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.clients.VerificationPolicy;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorDetails;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.pricing.FeeBase;
import org.factorline.pricing.FeeSchedule;
import org.factorline.pricing.FeeShape;
import org.factorline.pricing.MiscFees;
import org.factorline.shared.Money;
import org.factorline.shared.PostalAddress;
import org.factorline.shared.Rate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small factor with a plausible book: staff in every role, five clients in different trades (four
 * active, one prospect), two dozen debtors across US time zones, and a few hundred invoices in every
 * state of their life. Deterministic: the same seed makes the same book.
 */
class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final Clients clients;
    private final Debtors debtors;
    private final UserAccounts users;
    private final DemoInvoices invoices;
    private final Clock clock;
    private final Random random = new Random(20260301L);

    DemoData(Clients clients, Debtors debtors, UserAccounts users, DemoInvoices invoices, Clock clock) {
        this.clients = clients;
        this.debtors = debtors;
        this.users = users;
        this.invoices = invoices;
        this.clock = clock;
    }

    record ClientSeed(
            String legalName,
            String tradeName,
            String industry,
            PostalAddress address,
            String contact,
            String email,
            String phone,
            boolean active,
            boolean notification,
            FeeShape shape) {}

    static final List<ClientSeed> CLIENTS = List.of(
            new ClientSeed(
                    "Lone Star Freight LLC",
                    "Lone Star Freight",
                    "Trucking",
                    new PostalAddress("4100 Irving Blvd", "Dallas", "TX", "75247", "US"),
                    "Ray Alvarez",
                    "ray@lonestarfreight.example",
                    "+1 214 555 0142",
                    true,
                    true,
                    FeeShape.TIERED),
            new ClientSeed(
                    "Brightside Staffing Inc.",
                    "Brightside Staffing",
                    "Staffing",
                    new PostalAddress("220 W Monroe St", "Chicago", "IL", "60606", "US"),
                    "Dana Whitfield",
                    "dana@brightside.example",
                    "+1 312 555 0117",
                    true,
                    true,
                    FeeShape.DAILY),
            new ClientSeed(
                    "Cascade Components Corp.",
                    "Cascade Components",
                    "Manufacturing",
                    new PostalAddress("1800 SE Water Ave", "Portland", "OR", "97214", "US"),
                    "Priya Natarajan",
                    "priya@cascadecomponents.example",
                    "+1 503 555 0190",
                    true,
                    false,
                    FeeShape.FLAT),
            new ClientSeed(
                    "Harbor Janitorial Services LLC",
                    "Harbor Janitorial",
                    "Facility services",
                    new PostalAddress("77 Pier Rd", "Savannah", "GA", "31401", "US"),
                    "Marcus Bell",
                    "marcus@harborjanitorial.example",
                    "+1 912 555 0163",
                    true,
                    true,
                    FeeShape.TIERED),
            new ClientSeed(
                    "Summit Oilfield Services LLC",
                    "Summit Oilfield",
                    "Oil and gas services",
                    new PostalAddress("501 N Big Spring St", "Midland", "TX", "79701", "US"),
                    "Jo Harlan",
                    "jo@summitoilfield.example",
                    "+1 432 555 0108",
                    false,
                    true,
                    FeeShape.PRIME_PLUS));

    record DebtorSeed(String name, String city, String region, String zone, String limit) {}

    static final List<DebtorSeed> DEBTORS = List.of(
            new DebtorSeed("Walden Grocery Distribution Inc.", "Fort Worth", "TX", "America/Chicago", "400000"),
            new DebtorSeed("Pioneer Building Supply Co.", "Denver", "CO", "America/Denver", "250000"),
            new DebtorSeed("Great Lakes Paper Products", "Milwaukee", "WI", "America/Chicago", "300000"),
            new DebtorSeed("Redwood Home Centers", "Sacramento", "CA", "America/Los_Angeles", "350000"),
            new DebtorSeed("Atlantic Beverage Partners", "Newark", "NJ", "America/New_York", "500000"),
            new DebtorSeed("Blue Ridge Medical Center", "Asheville", "NC", "America/New_York", "200000"),
            new DebtorSeed("Sonoran Logistics Group", "Phoenix", "AZ", "America/Phoenix", "150000"),
            new DebtorSeed("Keystone Auto Parts Inc.", "Harrisburg", "PA", "America/New_York", "180000"),
            new DebtorSeed("Gulf Coast Petrochemical LLC", "Baton Rouge", "LA", "America/Chicago", "600000"),
            new DebtorSeed("Evergreen Property Management", "Seattle", "WA", "America/Los_Angeles", "120000"),
            new DebtorSeed("Magnolia Hospitality Group", "Jackson", "MS", "America/Chicago", "100000"),
            new DebtorSeed("Northstar Electric Cooperative", "Duluth", "MN", "America/Chicago", "220000"),
            new DebtorSeed("Prairie Farm Equipment Co.", "Wichita", "KS", "America/Chicago", "160000"),
            new DebtorSeed("Silver State Mining Corp.", "Elko", "NV", "America/Los_Angeles", "450000"),
            new DebtorSeed("Coastal Seafood Wholesale", "Charleston", "SC", "America/New_York", "90000"),
            new DebtorSeed("Granite State Hospitals", "Manchester", "NH", "America/New_York", "300000"),
            new DebtorSeed("Big Sky Lumber Yards", "Billings", "MT", "America/Denver", "140000"),
            new DebtorSeed("Aloha Island Distributors", "Honolulu", "HI", "Pacific/Honolulu", "80000"),
            new DebtorSeed("Midnight Sun Fuel Supply", "Anchorage", "AK", "America/Anchorage", "110000"),
            new DebtorSeed("Heartland Retail Stores Inc.", "Omaha", "NE", "America/Chicago", "380000"),
            new DebtorSeed("Bayou City Construction LLC", "Houston", "TX", "America/Chicago", "270000"),
            new DebtorSeed("Empire Office Interiors", "Albany", "NY", "America/New_York", "130000"),
            new DebtorSeed("Desert Bloom Nurseries", "Tucson", "AZ", "America/Phoenix", "60000"),
            new DebtorSeed("Tidewater Shipping Terminals", "Norfolk", "VA", "America/New_York", "520000"));

    void load() {
        LocalDate today = LocalDate.now(clock);
        List<UUID> managers = createStaff();
        List<Debtor> debtorList = new ArrayList<>();
        for (DebtorSeed d : DEBTORS) {
            String domain = d.name().toLowerCase().replaceAll("[^a-z]", "").substring(0, 12) + ".example";
            debtorList.add(debtors.register(new DebtorDetails(
                    d.name(),
                    null,
                    new PostalAddress(
                            (100 + random.nextInt(8900)) + " Commerce Dr",
                            d.city(),
                            d.region(),
                            String.format("%05d", 10000 + random.nextInt(89999)),
                            "US"),
                    d.zone(),
                    Money.usd(d.limit() + ".00"),
                    List.of(
                            new DebtorDetails.ContactDetails(
                                    "Accounts Payable",
                                    "ap@" + domain,
                                    "+1 555 555 " + String.format("%04d", random.nextInt(10000)),
                                    true),
                            new DebtorDetails.ContactDetails("Controller", "controller@" + domain, null, false)))));
        }
        int managerIndex = 0;
        List<Client> active = new ArrayList<>();
        for (ClientSeed seed : CLIENTS) {
            Client c = clients.register(new ClientDetails(
                    seed.legalName(),
                    seed.tradeName(),
                    ein(),
                    seed.industry(),
                    seed.address(),
                    seed.contact(),
                    seed.email(),
                    seed.phone(),
                    managers.get(managerIndex++ % managers.size())));
            c = clients.setPayoutAccount(
                    c.id(),
                    seed.legalName(),
                    "111000025",
                    String.valueOf(100000000L + random.nextInt(899999999)),
                    c.version());
            clients.addAgreementVersion(c.id(), terms(seed, today.minusYears(1)));
            if (seed.active()) {
                c = clients.changeStatus(c.id(), ClientStatus.ACTIVE, "Onboarding complete", c.version());
                active.add(c);
            }
        }
        Client lonestar = active.get(0);
        users.create(new UserAccounts.NewUser(
                DemoUsers.CLIENT.username(),
                "Ray Alvarez",
                "ray@lonestarfreight.example",
                "+1 214 555 0142",
                DemoUsers.PASSWORD,
                lonestar.id().value(),
                EnumSet.of(Role.CLIENT_ADMIN)));
        int count = invoices.load(active, debtorList, today, random);
        log.info("Demo data created: {} clients, {} debtors, {} invoices", CLIENTS.size(), debtorList.size(), count);
    }

    private List<UUID> createStaff() {
        record StaffSeed(String username, String name, Role role) {}
        List<StaffSeed> staff = List.of(
                new StaffSeed("admin", "Alex Admin", Role.ADMIN),
                new StaffSeed("maria", "Maria Gonzalez", Role.ACCOUNT_MANAGER),
                new StaffSeed("uma", "Uma Patel", Role.UNDERWRITER),
                new StaffSeed("victor", "Victor Chen", Role.VERIFIER),
                new StaffSeed("fiona", "Fiona O'Brien", Role.FUNDING_OFFICER),
                new StaffSeed("audrey", "Audrey Kim", Role.AUDITOR));
        List<UUID> managers = new ArrayList<>();
        for (StaffSeed s : staff) {
            var u = users.create(new UserAccounts.NewUser(
                    s.username(),
                    s.name(),
                    s.username() + "@factor.example",
                    null,
                    DemoUsers.PASSWORD,
                    null,
                    EnumSet.of(s.role())));
            if (s.role() == Role.ACCOUNT_MANAGER) {
                managers.add(u.id());
            }
        }
        managers.add(users.create(new UserAccounts.NewUser(
                        "sam",
                        "Sam Okafor",
                        "sam@factor.example",
                        null,
                        DemoUsers.PASSWORD,
                        null,
                        EnumSet.of(Role.ACCOUNT_MANAGER)))
                .id());
        return managers;
    }

    private String ein() {
        return String.format("%02d-%07d", 10 + random.nextInt(89), random.nextInt(10_000_000));
    }

    private static AgreementTerms terms(ClientSeed seed, LocalDate from) {
        FeeSchedule fees = switch (seed.shape()) {
            case TIERED -> FeeSchedule.tiered(Rate.percent("2.5"), 30, Rate.percent("0.75"), 10);
            case FLAT -> FeeSchedule.flat(Rate.percent("3"));
            case DAILY ->
                new FeeSchedule(
                        FeeShape.DAILY,
                        Rate.percent("1.5"),
                        15,
                        null,
                        null,
                        Rate.percent("18"),
                        360,
                        Money.usd("50.00"),
                        0,
                        Rate.percent("8"),
                        FeeBase.ADVANCE,
                        true,
                        0);
            case PRIME_PLUS ->
                new FeeSchedule(
                        FeeShape.PRIME_PLUS,
                        Rate.percent("1"),
                        0,
                        null,
                        null,
                        Rate.percent("4"),
                        365,
                        null,
                        10,
                        null,
                        FeeBase.ADVANCE,
                        true,
                        2);
        };
        return new AgreementTerms(
                from,
                Money.USD,
                Rate.percent(seed.shape() == FeeShape.FLAT ? "85" : "80"),
                fees,
                new MiscFees(
                        Money.usd("25.00"),
                        Money.usd("3.00"),
                        Money.usd("5.00"),
                        Money.usd("0.00"),
                        Money.usd("0.00"),
                        Money.usd("15.00")),
                seed.shape() != FeeShape.FLAT,
                seed.shape() == FeeShape.FLAT ? null : 90,
                Money.usd("750000.00"),
                Rate.percent("30"),
                seed.shape() == FeeShape.DAILY
                        ? new VerificationPolicy(VerificationPolicy.Kind.ABOVE_AMOUNT, Money.usd("5000.00"), null)
                        : VerificationPolicy.all(),
                seed.notification());
    }
}
