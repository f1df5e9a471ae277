package org.factorline.web;

import java.util.List;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;

/** Puts a refusal on a page the way people read it: what is wrong, field by field. */
final class PageSupport {

    private PageSupport() {}

    static void showProblems(Model model, FactorlineException e) {
        List<FieldProblem> problems =
                e.problems().isEmpty() ? List.of(FieldProblem.of("", null, e.getMessage())) : e.problems();
        model.addAttribute("problems", problems);
        model.addAttribute("problemTitle", e.problems().isEmpty() ? "This could not be done:" : null);
    }

    /** "C-000123 Trade Name" by client id, for tables that show whose a row is. */
    static java.util.Map<java.util.UUID, String> clientNames(List<org.factorline.clients.Client> clients) {
        java.util.Map<java.util.UUID, String> names = new java.util.LinkedHashMap<>();
        for (org.factorline.clients.Client c : clients) {
            names.put(c.id().value(), c.reference() + " " + c.displayName());
        }
        return names;
    }

    static boolean bindingProblems(Model model, BindingResult binding) {
        if (!binding.hasErrors()) {
            return false;
        }
        model.addAttribute(
                "problems",
                binding.getFieldErrors().stream()
                        .map(fe -> FieldProblem.of(fe.getField(), fe.getRejectedValue(), "is not a valid value"))
                        .toList());
        return true;
    }
}
