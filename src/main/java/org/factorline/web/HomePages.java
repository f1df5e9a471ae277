package org.factorline.web;

import org.factorline.identity.CurrentActor;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomePages {

    @GetMapping("/login")
    String login() {
        return "login";
    }

    /** Staff land in the console, client users in their portal. */
    @GetMapping("/")
    String home() {
        return CurrentActor.get().isStaff() ? "redirect:/staff" : "redirect:/portal";
    }
}
