package org.factorline.clients;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.internal.AgreementRepository;
import org.factorline.clients.internal.ClientRepository;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.shared.BankAccountNumber;
import org.factorline.shared.CursorPage;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.RoutingNumber;
import org.factorline.shared.SecretBox;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Onboarding and keeping clients: registration, details, status, the payout bank account and the
 * factoring agreement versions. Every read is scoped to the signed-in actor, every change audited.
 */
@Service
public class Clients {

    static final Role[] MANAGERS = {Role.ADMIN, Role.ACCOUNT_MANAGER};
    static final Role[] AGREEMENT_WRITERS = {Role.ADMIN, Role.ACCOUNT_MANAGER, Role.UNDERWRITER};

    private final ClientRepository clients;
    private final AgreementRepository agreements;
    private final AuditLog audit;
    private final SecretBox secrets;
    private final Clock clock;

    public Clients(
            ClientRepository clients, AgreementRepository agreements, AuditLog audit, SecretBox secrets, Clock clock) {
        this.clients = clients;
        this.agreements = agreements;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Transactional
    public Client register(ClientDetails details) {
        CurrentActor.get().requireRole(MANAGERS);
        Validation v = details.validate();
        if (details.taxId() != null && clients.taxIdTaken(details.taxId(), null)) {
            throw new FactorlineException(
                    ErrorCode.CLIENT_TAX_ID_TAKEN,
                    "A client with tax id " + details.taxId().strip() + " already exists",
                    List.of(org.factorline.shared.FieldProblem.of("taxId", details.taxId(), "is already registered")));
        }
        v.throwIfAny();
        UUID id = UuidV7.next(clock);
        clients.insert(id, clients.nextReference(), details, ClientStatus.PROSPECT, clock.instant());
        Client created = clients.find(new ClientId(id)).orElseThrow();
        audit.record(
                "client.registered",
                "client",
                id,
                id,
                "Client " + created.reference() + " " + created.legalName() + " registered",
                null,
                created);
        return created;
    }

    @Transactional
    public Client update(ClientId id, ClientDetails details, int expectedVersion) {
        CurrentActor.get().requireRole(MANAGERS);
        Client before = get(id);
        Validation v = details.validate();
        if (details.taxId() != null && clients.taxIdTaken(details.taxId(), id.value())) {
            v.require(false, "taxId", details.taxId(), "is already registered to another client");
        }
        v.throwIfAny();
        clients.update(id, details, expectedVersion, clock.instant());
        Client after = get(id);
        audit.record(
                "client.updated",
                "client",
                id.value(),
                id.value(),
                "Client " + after.reference() + " details changed",
                before,
                after);
        return after;
    }

    @Transactional
    public Client changeStatus(ClientId id, ClientStatus status, String reason, int expectedVersion) {
        CurrentActor.get().requireRole(MANAGERS);
        Client before = get(id);
        if (status == ClientStatus.ACTIVE && agreements.ofClient(id).isEmpty()) {
            throw new FactorlineException(
                    ErrorCode.AGREEMENT_MISSING,
                    "Client " + before.reference() + " needs a factoring agreement before it can be activated");
        }
        if (reason == null || reason.isBlank()) {
            throw FactorlineException.invalid("reason", reason, "a reason is required to change a client's status");
        }
        clients.updateStatus(id, status, expectedVersion, clock.instant());
        Client after = get(id);
        audit.record(
                "client.status_changed",
                "client",
                id.value(),
                id.value(),
                "Client " + after.reference() + " " + before.status() + " → " + status,
                before,
                after,
                reason);
        return after;
    }

    /**
     * Sets where advances and rebates are paid. The account number is validated, encrypted at rest and
     * never shown or logged again in full.
     */
    @Transactional
    public Client setPayoutAccount(
            ClientId id, String accountName, String routingNumber, String accountNumber, int expectedVersion) {
        CurrentActor.get().requireRole(MANAGERS);
        Client before = get(id);
        Validation v = new Validation();
        v.require(accountName != null && !accountName.isBlank(), "accountName", accountName, "is required");
        RoutingNumber routing = null;
        BankAccountNumber account = null;
        try {
            routing = new RoutingNumber(routingNumber);
        } catch (FactorlineException e) {
            v.add(e.problems().get(0));
        }
        try {
            account = new BankAccountNumber(accountNumber);
        } catch (FactorlineException e) {
            v.add(e.problems().get(0));
        }
        v.throwIfAny();
        clients.updatePayoutAccount(
                id,
                accountName.strip(),
                routing.value(),
                secrets.seal(account.value()),
                account.lastFour(),
                expectedVersion,
                clock.instant());
        Client after = get(id);
        audit.record(
                "client.payout_account_changed",
                "client",
                id.value(),
                id.value(),
                "Payout account of " + after.reference() + " set to routing " + routing + ", account "
                        + account.masked(),
                before.payoutAccount(),
                after.payoutAccount());
        return after;
    }

    /** The full account number, for payout files only. */
    public Optional<BankAccountNumber> payoutAccountNumber(ClientId id) {
        return clients.sealedAccountNumber(id).map(s -> new BankAccountNumber(secrets.open(s)));
    }

    public Optional<Client> find(ClientId id) {
        Actor actor = CurrentActor.get();
        if (!actor.canSeeClient(id.value())) {
            return Optional.empty();
        }
        return clients.find(id);
    }

    /** The client, or "not found" (also when the actor may not see it). */
    public Client get(ClientId id) {
        return find(id).orElseThrow(() -> FactorlineException.notFound("client", id));
    }

    public CursorPage<Client> list(CursorPage.Request page, String search, ClientStatus status) {
        UUID only = CurrentActor.get().clientScope().orElse(null);
        return CursorPage.of(clients.page(page, search, only, status), page, c -> c.id().value());
    }

    /** Every client the actor can see, by name: for pickers. */
    public List<Client> allVisible() {
        return clients.all(CurrentActor.get().clientScope().orElse(null));
    }

    @Transactional
    public Agreement addAgreementVersion(ClientId clientId, AgreementTerms terms) {
        CurrentActor.get().requireRole(AGREEMENT_WRITERS);
        Client client = get(clientId);
        terms.validate().throwIfAny();
        int version = agreements.nextVersion(clientId);
        AgreementId id = new AgreementId(UuidV7.next(clock));
        agreements.insert(
                id,
                clientId,
                version,
                terms,
                clock.instant(),
                CurrentActor.get().username());
        Agreement created = agreements.find(id).orElseThrow();
        audit.record(
                "agreement.version_added",
                "agreement",
                id.value(),
                clientId.value(),
                "Agreement v" + version + " for " + client.reference() + " effective " + terms.effectiveFrom(),
                null,
                created);
        return created;
    }

    public List<Agreement> agreements(ClientId clientId) {
        get(clientId);
        return agreements.ofClient(clientId);
    }

    public Optional<Agreement> agreement(AgreementId id) {
        return agreements
                .find(id)
                .filter(a -> CurrentActor.get().canSeeClient(a.clientId().value()));
    }

    /** The version in force on a date: the latest whose effective date is on or before it. */
    public Optional<Agreement> agreementInForce(ClientId clientId, LocalDate on) {
        return find(clientId).flatMap(c -> agreements.inForce(clientId, on));
    }

    /**
     * The same for a client the caller has already read through this facade: its visibility is checked
     * again, without reading the client's row a second time.
     */
    public Optional<Agreement> agreementInForce(Client client, LocalDate on) {
        if (!CurrentActor.get().canSeeClient(client.id().value())) {
            return Optional.empty();
        }
        return agreements.inForce(client.id(), on);
    }
}
