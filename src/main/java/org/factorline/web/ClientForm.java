package org.factorline.web;

import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.clients.ClientDetails;
import org.factorline.shared.PostalAddress;

/** The client form as typed into the page. */
public class ClientForm {
    private String legalName;
    private String tradeName;
    private String taxId;
    private String industry;
    private String street;
    private String city;
    private String region;
    private String postalCode;
    private String country = "US";
    private String contactName;
    private String contactEmail;
    private String contactPhone;
    private UUID accountManagerId;
    private int version;

    static ClientForm of(Client c) {
        ClientForm f = new ClientForm();
        f.legalName = c.legalName();
        f.tradeName = c.tradeName();
        f.taxId = c.taxId();
        f.industry = c.industry();
        f.street = c.address().street();
        f.city = c.address().city();
        f.region = c.address().region();
        f.postalCode = c.address().postalCode();
        f.country = c.address().country();
        f.contactName = c.contactName();
        f.contactEmail = c.contactEmail();
        f.contactPhone = c.contactPhone();
        f.accountManagerId = c.accountManagerId();
        f.version = c.version();
        return f;
    }

    ClientDetails toDetails() {
        return new ClientDetails(
                legalName,
                tradeName,
                taxId,
                industry,
                new PostalAddress(
                        street,
                        city,
                        region,
                        postalCode,
                        country == null ? null : country.strip().toUpperCase()),
                contactName,
                contactEmail,
                contactPhone,
                accountManagerId);
    }

    public String getLegalName() {
        return legalName;
    }

    public void setLegalName(String v) {
        legalName = v;
    }

    public String getTradeName() {
        return tradeName;
    }

    public void setTradeName(String v) {
        tradeName = v;
    }

    public String getTaxId() {
        return taxId;
    }

    public void setTaxId(String v) {
        taxId = v;
    }

    public String getIndustry() {
        return industry;
    }

    public void setIndustry(String v) {
        industry = v;
    }

    public String getStreet() {
        return street;
    }

    public void setStreet(String v) {
        street = v;
    }

    public String getCity() {
        return city;
    }

    public void setCity(String v) {
        city = v;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String v) {
        region = v;
    }

    public String getPostalCode() {
        return postalCode;
    }

    public void setPostalCode(String v) {
        postalCode = v;
    }

    public String getCountry() {
        return country;
    }

    public void setCountry(String v) {
        country = v;
    }

    public String getContactName() {
        return contactName;
    }

    public void setContactName(String v) {
        contactName = v;
    }

    public String getContactEmail() {
        return contactEmail;
    }

    public void setContactEmail(String v) {
        contactEmail = v;
    }

    public String getContactPhone() {
        return contactPhone;
    }

    public void setContactPhone(String v) {
        contactPhone = v;
    }

    public UUID getAccountManagerId() {
        return accountManagerId;
    }

    public void setAccountManagerId(UUID v) {
        accountManagerId = v;
    }

    public int getVersion() {
        return version;
    }

    public void setVersion(int v) {
        version = v;
    }
}
